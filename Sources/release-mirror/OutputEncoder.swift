import Foundation

/// An `Encoder` that builds an `OutputValue` tree for a `--json` document (docs/JSON.md). Unlike
/// `JSONEncoder` it writes an absent optional as `null` (the synthesized `encode(to:)` calls
/// `encodeIfPresent`, which this encoder answers with `null` instead of leaving the key out) and
/// converts every member name to snake_case (`upToDate` → `up_to_date`; names already in
/// snake_case are kept). Dictionary keys are data, not member names: they are kept as they are.
struct OutputEncoder: Encoder {
    let node: OutputNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if node.members == nil { node.members = [:] }
        return KeyedEncodingContainer(OutputKeyedContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if node.elements == nil { node.elements = [] }
        return OutputUnkeyedContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        OutputSingleValueContainer(node: node, codingPath: codingPath)
    }

    /// Encodes `value` into `node`: scalars the output writes its own way first (`OutputRepresentable`,
    /// dates as ISO 8601, URLs as strings, dictionaries with their keys as they are).
    static func encode<T: Encodable>(_ value: T, into node: OutputNode, codingPath: [any CodingKey]) throws {
        if let scalar = value as? any OutputRepresentable {
            node.value = scalar.outputValue
        } else if let date = value as? Date {
            node.value = .string(ISO8601DateFormatter().string(from: date))
        } else if let url = value as? URL {
            node.value = .string(url.absoluteString)
        } else if let dictionary = value as? [String: any Encodable] {
            var members: [String: OutputNode] = [:]
            for (key, element) in dictionary {
                let child = OutputNode()
                try encode(element, into: child, codingPath: codingPath + [OutputValue.MemberKey(key)])
                members[key] = child
            }
            node.members = members
        } else {
            try value.encode(to: OutputEncoder(node: node, codingPath: codingPath))
        }
    }

    /// A member name in snake_case: a word starts at an uppercase letter after a lowercase letter
    /// or digit, or at the last capital of a run followed by a lowercase letter (`baseURLPath` →
    /// `base_url_path`, `upstreamPR` → `upstream_pr`).
    static func snakeCase(_ name: String) -> String {
        let characters = Array(name)
        var result = ""
        for (index, character) in characters.enumerated() {
            if character.isUppercase, index > 0 {
                let previous = characters[index - 1]
                let nextIsLower = index + 1 < characters.count && characters[index + 1].isLowercase
                if previous.isLowercase || previous.isNumber || (previous.isUppercase && nextIsLower) { result.append("_") }
            }
            result += character.lowercased()
        }
        return result
    }
}
