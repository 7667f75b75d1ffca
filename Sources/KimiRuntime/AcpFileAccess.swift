import Foundation

/// Answers the agent's `fs/read_text_file` and `fs/write_text_file` requests, confined to the
/// session's working directory: a path outside it (also through a symbolic link) is refused.
struct AcpFileAccess: Sendable {
    /// The canonical working directory.
    let root: String

    /// A refused or failed file request, answered as a JSON-RPC error.
    struct Failure: Error, Equatable {
        var code: Int
        var message: String
    }

    /// Answers one request (`method` is `fs/read_text_file` or `fs/write_text_file`).
    func answer(method: String, params: JSONValue) -> Result<JSONValue, Failure> {
        guard let path = params["path"]?.stringValue, !path.isEmpty else {
            return .failure(Failure(code: -32602, message: "\(method) needs a path"))
        }
        do {
            let resolved = try confined(path)
            if method == "fs/read_text_file" {
                return .success(["content": .string(try read(resolved, line: params["line"]?.intValue, limit: params["limit"]?.intValue))])
            }
            guard let content = params["content"]?.stringValue else {
                return .failure(Failure(code: -32602, message: "fs/write_text_file for \(path) needs a content string"))
            }
            try write(content, to: resolved)
            return .success(.null)
        } catch let failure as Failure {
            return .failure(failure)
        } catch {
            return .failure(Failure(code: -32603, message: "\(method) \(path): \(error.localizedDescription)"))
        }
    }

    /// The canonical form of `path` when it lies inside ``root``.
    func confined(_ path: String) throws -> String {
        guard path.hasPrefix("/") else {
            throw Failure(code: -32602, message: "the path \(path) is not absolute (ACP file paths must be)")
        }
        // Resolve symbolic links of the longest existing ancestor, so a link cannot lead out.
        var existing = URL(fileURLWithPath: path).standardizedFileURL
        var rest: [String] = []
        while !FileManager.default.fileExists(atPath: existing.path), existing.path != "/" {
            rest.insert(existing.lastPathComponent, at: 0)
            existing.deleteLastPathComponent()
        }
        var resolved = existing.resolvingSymlinksInPath()
        for component in rest { resolved.appendPathComponent(component) }
        let canonical = resolved.standardizedFileURL.path
        guard canonical == root || canonical.hasPrefix(root.hasSuffix("/") ? root : root + "/") else {
            throw Failure(
                code: -32602,
                message: "\(path) is outside the session's working directory \(root); KimiRuntime only serves files inside it"
            )
        }
        return canonical
    }

    private func read(_ path: String, line: Int?, limit: Int?) throws -> String {
        guard FileManager.default.fileExists(atPath: path) else {
            throw Failure(code: -32002, message: "no such file: \(path)")
        }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        guard line != nil || limit != nil else { return text }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let start = max(0, (line ?? 1) - 1)
        guard start < lines.count else { return "" }
        let end = limit.map { min(lines.count, start + max(0, $0)) } ?? lines.count
        return lines[start..<end].joined(separator: "\n")
    }

    private func write(_ content: String, to path: String) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(content.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
