import Foundation
import ReleaseMirror

/// The one convention of every command's `--json` document (docs/JSON.md, SPEC §5): one JSON object
/// on stdout, member names in snake_case, `schema_version` at the top, `null` for every absent
/// optional. A failing command prints the error document instead (`ErrorDocument`).
enum JSONOutput {
    /// The version of the convention and of the documents' shapes; raised when a key is renamed
    /// or removed, or a value changes type (adding keys keeps it).
    static let schemaVersion = 1

    /// The document for `value` (an object; `schema_version` added at the top).
    static func document<T: Encodable>(_ value: T) throws -> String {
        let root = OutputNode()
        try OutputEncoder.encode(value, into: root, codingPath: [])
        guard case .object(var members) = root.resolved else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "a --json document is an object"))
        }
        members["schema_version"] = .int(Int64(schemaVersion))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(OutputValue.object(members)), as: UTF8.self)
    }

    /// The error document of every command: the whole message, the exit status, and one problem
    /// per line with its file, line and key where known (`null` otherwise).
    struct ErrorDocument: Encodable {
        let error: String
        let exitStatus: Int32
        let problems: [Problem]

        struct Problem: Encodable {
            let message: String
            let file: String?
            let line: Int?
            let key: String?
        }

        init(_ error: MirrorError) {
            self.error = error.description
            exitStatus = error.exitStatus.rawValue
            problems = Self.problems(error)
        }

        /// A usage error of the command line (exit 2).
        init(usage message: String) {
            error = message
            exitStatus = ExitStatus.usage.rawValue
            problems = [Problem(message: message, file: nil, line: nil, key: nil)]
        }

        static func problems(_ error: MirrorError) -> [Problem] {
            switch error {
            case .configurationProblems(let all): return all.flatMap(problems)
            case let .configuration(file, line, key, _):
                return [Problem(message: error.description, file: file, line: line > 0 ? line : nil, key: key.isEmpty ? nil : key)]
            case .io(let path, _): return [Problem(message: error.description, file: path, line: nil, key: nil)]
            default:
                return error.description.split(separator: "\n").map { Problem(message: String($0), file: nil, line: nil, key: nil) }
            }
        }
    }
}

extension InterfaceCell: OutputRepresentable {
    /// The cell as the ledger writes it (`unchanged`, `additive (+2)`, …).
    var outputValue: OutputValue { .string(description) }
}

extension GitHubReleaseSink.Outcome: OutputRepresentable {
    /// `{"action": "created" | "updated" | "unchanged" | "kept-person-edited", "url": …}`.
    var outputValue: OutputValue {
        let (action, url): (String, String)
        switch self {
        case .created(let link): (action, url) = ("created", link)
        case .updated(let link): (action, url) = ("updated", link)
        case .unchanged(let link): (action, url) = ("unchanged", link)
        case .keptPersonEdited(let link): (action, url) = ("kept-person-edited", link)
        }
        return .object(["action": .string(action), "url": .string(url)])
    }
}
