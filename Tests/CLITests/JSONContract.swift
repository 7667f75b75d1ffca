import Foundation
import Testing
import TestSupport

/// The `--json` contract of docs/JSON.md, read from the document itself: one example document per
/// command (a `### \`command\`` heading followed by a ```json block), against which a command's
/// real output is compared: the same keys at every level (a renamed, missing or extra key is a
/// mismatch), the same value types (string, number, bool, object, array; `null` stands for an
/// optional and matches any type), array elements each against the example's first element.
enum JSONContract {
    /// A parsed JSON value (JSONDecoder tells booleans from numbers, unlike JSONSerialization).
    indirect enum Value: Decodable, Equatable {
        case null, bool(Bool), number(Double), string(String), array([Value]), object([String: Value])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .null
            } else if let value = try? container.decode(Bool.self) {
                self = .bool(value)
            } else if let value = try? container.decode(Double.self) {
                self = .number(value)
            } else if let value = try? container.decode(String.self) {
                self = .string(value)
            } else if let value = try? container.decode([Value].self) {
                self = .array(value)
            } else {
                self = .object(try container.decode([String: Value].self))
            }
        }

        var typeName: String {
            switch self {
            case .null: return "null"
            case .bool: return "bool"
            case .number: return "number"
            case .string: return "string"
            case .array: return "array"
            case .object: return "object"
            }
        }

        subscript(key: String) -> Value? {
            if case .object(let members) = self { return members[key] }
            return nil
        }
    }

    static var documentPath: String { Upstream.packageRoot + "/docs/JSON.md" }

    /// The example documents of docs/JSON.md by command (`sync`, `patch list`, `error`, …).
    static func examples(_ markdown: String? = nil) throws -> [String: Value] {
        let text = try markdown ?? String(contentsOfFile: documentPath, encoding: .utf8)
        var result: [String: Value] = [:]
        var command: String?
        var block: [String]?
        for line in text.components(separatedBy: "\n") {
            if var lines = block {
                if line == "```" {
                    guard let name = command else { throw FixtureError("docs/JSON.md: a json block without a command heading") }
                    guard result[name] == nil else { throw FixtureError("docs/JSON.md: two examples for \(name)") }
                    result[name] = try parse(lines.joined(separator: "\n"))
                    block = nil
                    command = nil
                } else {
                    lines.append(line)
                    block = lines
                }
            } else if line.hasPrefix("### `"), line.hasSuffix("`") {
                command = String(line.dropFirst(5).dropLast())
            } else if line == "```json", command != nil {
                block = []
            }
        }
        return result
    }

    static func parse(_ text: String) throws -> Value {
        try JSONDecoder().decode(Value.self, from: Data(text.utf8))
    }

    /// Where `actual` departs from `example`, one line each (empty when it conforms).
    static func mismatches(_ actual: Value, _ example: Value, path: String = "$") -> [String] {
        switch (actual, example) {
        case (.null, _), (_, .null):
            return []
        case let (.object(members), .object(expected)):
            var problems: [String] = []
            for key in Set(expected.keys).subtracting(members.keys).sorted() { problems.append("\(path).\(key): missing") }
            for key in Set(members.keys).subtracting(expected.keys).sorted() { problems.append("\(path).\(key): not in the document") }
            for (key, value) in members.sorted(by: { $0.key < $1.key }) {
                if let other = expected[key] { problems += mismatches(value, other, path: "\(path).\(key)") }
            }
            return problems
        case let (.array(elements), .array(expected)):
            guard let first = expected.first else { return [] }
            return elements.enumerated().flatMap { mismatches($0.element, first, path: "\(path)[\($0.offset)]") }
        default:
            return actual.typeName == example.typeName ? [] : ["\(path): \(actual.typeName), the document has \(example.typeName)"]
        }
    }

    /// Checks one command's stdout (exactly one JSON document) against its example; returns the
    /// parsed document.
    @discardableResult
    static func check(_ command: String, _ result: ProcessResult, sourceLocation: SourceLocation = #_sourceLocation) throws -> Value {
        let actual = try #require(try? parse(result.stdout), "\(command) --json did not print one JSON document: \(result.output)", sourceLocation: sourceLocation)
        guard let example = try examples()[command] else {
            Issue.record("docs/JSON.md has no example for \(command); the output was:\n\(result.stdout)", sourceLocation: sourceLocation)
            return actual
        }
        #expect(actual["schema_version"] == .number(1), "\(command): schema_version", sourceLocation: sourceLocation)
        let problems = mismatches(actual, example)
        #expect(problems.isEmpty, "\(command) --json departs from docs/JSON.md:\n\(problems.joined(separator: "\n"))\n\(result.stdout)",
                sourceLocation: sourceLocation)
        return actual
    }
}
