import Foundation

/// The JSON note stored on a verified commit under `refs/notes/release-mirror` (SPEC §5.2 step 7).
public struct SmokeNote: Sendable, Codable, Equatable {
    public var status: SmokeOutcome.Status
    public var command: [String]
    public var started: String
    public var durationSeconds: Double
    public var logTail: String
    public var toolVersion: String
    /// The ref that was smoked, for humans reading the note.
    public var ref: String?

    enum CodingKeys: String, CodingKey {
        case status, command, started, ref
        case durationSeconds = "duration_s"
        case logTail = "log_tail"
        case toolVersion = "tool_version"
    }

    public init(
        status: SmokeOutcome.Status, command: [String], started: String, durationSeconds: Double, logTail: String,
        toolVersion: String, ref: String?
    ) {
        self.status = status
        self.command = command
        self.started = started
        self.durationSeconds = durationSeconds
        self.logTail = logTail
        self.toolVersion = toolVersion
        self.ref = ref
    }

    /// Decodes a note's text; `nil` when it is not a smoke note.
    public static func decode(_ text: String) -> SmokeNote? {
        try? JSONDecoder().decode(SmokeNote.self, from: Data(text.utf8))
    }

    /// The note's text (stable key order).
    public func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
