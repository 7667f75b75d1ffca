import Foundation

/// `packed-refs` as records: the existing ones kept byte for byte, new ones merged in name order.
struct PackedRefsFile {
    /// The header line git and libgit2 write (peeled values for every ref that peels; sorted).
    static let standardHeader = "# pack-refs with: peeled fully-peeled sorted \n"

    private var header: String
    /// Name → the record's text (its line and, for an annotated tag, its `^peeled` line).
    private var records: [String: String] = [:]

    var names: Set<String> { Set(records.keys) }

    init(path: String, operation: String) throws(GitError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            header = PackedRefsFile.standardHeader
            return
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw GitError(code: .invalid, message: "\(path) is not UTF-8", operation: operation)
        }
        header = ""
        var current: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("#") {
                guard records.isEmpty else { throw PackedRefsFile.corrupt(path, line, operation) }
                header += line + "\n"
            } else if line.hasPrefix("^") {
                guard let name = current, line.count == 41 else { throw PackedRefsFile.corrupt(path, line, operation) }
                records[name, default: ""] += line + "\n"
            } else {
                let parts = line.split(separator: " ", maxSplits: 1)
                guard parts.count == 2, parts[0].count == 40, ObjectID(hex: String(parts[0])) != nil else {
                    throw PackedRefsFile.corrupt(path, line, operation)
                }
                let name = String(parts[1])
                records[name] = line + "\n"
                current = name
            }
        }
        if header.isEmpty { header = records.isEmpty ? PackedRefsFile.standardHeader : "" }
    }

    static func corrupt(_ path: String, _ line: Substring, _ operation: String) -> GitError {
        GitError(
            code: .invalid, message: "\(path) has a line git would not write: '\(line.prefix(80))'; left unchanged",
            operation: operation)
    }

    mutating func add(name: String, target: ObjectID, peeled: ObjectID?) {
        records[name] = "\(target.hex) \(name)\n" + (peeled.map { "^\($0.hex)\n" } ?? "")
    }

    /// The file's new contents, records sorted by name byte by byte (git's order).
    var contents: String {
        let sorted = records.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return header + sorted.map { records[$0] ?? "" }.joined()
    }
}
