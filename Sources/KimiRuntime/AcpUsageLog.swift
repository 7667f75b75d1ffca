import Foundation

/// The token usage the legacy kimi-cli records for a session it serves over ACP, whose ACP server
/// reports none (it drops the wire `StatusUpdate`s).
///
/// kimi-cli writes every wire message of a session, `StatusUpdate` with its `token_usage`
/// included, to `wire.jsonl` in the session's directory,
/// `$KIMI_SHARE_DIR/sessions/<work directory key>/<session id>/` (`KIMI_SHARE_DIR` defaults to
/// `~/.kimi`), and flushes a turn's messages before it answers `session/prompt`. Each read
/// starts where the previous one stopped, so it returns the usage of the turns since.
struct AcpUsageLog: Sendable {
    /// The session's `wire.jsonl`.
    let file: URL
    /// The bytes already read.
    private(set) var offset: UInt64

    /// The log of `sessionID` in the share directory `environment` names, read from its current
    /// end on; `nil` when no single session directory of that id exists.
    static func locate(sessionID: String, environment: [String: String]) -> AcpUsageLog? {
        guard !sessionID.isEmpty, !sessionID.contains("/"), sessionID != ".", sessionID != ".." else { return nil }
        let sessions = shareDirectory(environment).appendingPathComponent("sessions", isDirectory: true)
        let buckets = (try? FileManager.default.contentsOfDirectory(atPath: sessions.path)) ?? []
        let matches = buckets.map { sessions.appendingPathComponent($0, isDirectory: true).appendingPathComponent(sessionID, isDirectory: true) }
            .filter { directory in
                var isDirectory: ObjCBool = false
                return FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) && isDirectory.boolValue
            }
        // Two work directories with a session of that id: which one is ours is unknown.
        guard matches.count == 1 else { return nil }
        let file = matches[0].appendingPathComponent("wire.jsonl")
        let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.uint64Value ?? 0
        return AcpUsageLog(file: file, offset: size)
    }

    /// kimi-cli's share directory: `KIMI_SHARE_DIR`, else `$HOME/.kimi`.
    static func shareDirectory(_ environment: [String: String]) -> URL {
        if let share = environment["KIMI_SHARE_DIR"], !share.isEmpty { return URL(fileURLWithPath: share, isDirectory: true) }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? FileManager.default.homeDirectoryForCurrentUser.path
        return URL(fileURLWithPath: home, isDirectory: true).appendingPathComponent(".kimi", isDirectory: true)
    }

    /// The usage of the complete lines appended since the last read (every `StatusUpdate`, also
    /// inside `SubagentEvent`s); `nil` when the log cannot be read or shrank.
    mutating func readNew() -> TokenUsage? {
        guard let handle = try? FileHandle(forReadingFrom: file) else { return nil }
        defer { try? handle.close() }
        guard let end = try? handle.seekToEnd(), end >= offset else { return nil }
        guard end > offset else { return .zero }
        guard (try? handle.seek(toOffset: offset)) != nil, let data = try? handle.readToEnd() else { return nil }
        guard let lastNewline = data.lastIndex(of: UInt8(ascii: "\n")) else { return .zero }
        let complete = data[data.startIndex...lastNewline]
        offset += UInt64(complete.count)
        return Self.usage(inLines: complete)
    }

    /// The summed usage of the `StatusUpdate` records among `lines` (JSON Lines).
    static func usage(inLines lines: Data) -> TokenUsage {
        let marker = Data("StatusUpdate".utf8)
        var usage = TokenUsage.zero
        for line in lines.split(separator: UInt8(ascii: "\n")) where line.range(of: marker) != nil {
            guard let record = try? JSONDecoder().decode(JSONValue.self, from: Data(line)) else { continue }
            usage += TokenUsage(wireMessage: record["message"])
        }
        return usage
    }
}
