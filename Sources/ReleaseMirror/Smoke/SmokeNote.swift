import Foundation

/// The JSON note stored on a verified commit under `refs/notes/release-mirror` (SPEC §5.2 step 7).
public struct SmokeNote: Sendable, Codable, Equatable {
    /// `passed`, `failed`, `timed-out` or `error`.
    public var status: SmokeOutcome.Status
    /// The argv that ran.
    public var command: [String]
    /// When it started (ISO 8601, UTC).
    public var started: String
    /// How long it ran, in seconds (`duration_s`).
    public var durationSeconds: Double
    /// The last log lines, redacted (`log_tail`).
    public var logTail: String
    /// The release-mirror version that ran it (`tool_version`).
    public var toolVersion: String
    /// The ref that was smoked, for humans reading the note.
    public var ref: String?

    enum CodingKeys: String, CodingKey {
        case status, command, started, ref
        case durationSeconds = "duration_s"
        case logTail = "log_tail"
        case toolVersion = "tool_version"
    }

    /// Creates a note.
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
