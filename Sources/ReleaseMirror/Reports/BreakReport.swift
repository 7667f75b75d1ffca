/// A break report (SPEC §8): what went wrong, where, and whose side it most likely is on. One
/// report per fingerprint: the GitHub sink comments on an open issue with the same fingerprint
/// instead of opening a twin, and closes it when the condition clears.
public struct BreakReport: Sendable, Codable, Equatable {
    /// The report kinds.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case smokeFailed = "smoke-failed"
        case historyRewritten = "history-rewritten"
        case tagMoved = "tag-moved"
        case tagDeleted = "tag-deleted"
        case syncFailed = "sync-failed"
    }

    /// The kind.
    public var kind: Kind
    /// What it is about: a tag (`@scope/pkg@1.2.3`), a branch (`upstream-main`) or a short sha.
    public var subject: String
    /// `<kind>:<subject>`, e.g. `smoke-failed:@moonshot-ai/kimi-code@0.14.3`.
    public var fingerprint: String
    /// The issue title.
    public var title: String
    /// The Markdown body, starting with the fingerprint marker.
    public var body: String
    /// The triage hint.
    public var triage: Triage
    /// The refs and object ids concerned (`refs/tags/…` → sha, `merge base` → sha, …).
    public var objects: [String: String]
    /// The smoke command, for smoke reports.
    public var command: [String]?
    /// The last log lines (redacted), for smoke reports.
    public var logTail: String?
    /// The full log on the runner, when kept.
    public var logPath: String?
    /// The CI run, when known.
    public var runURL: String?
    /// When the report was made (ISO 8601).
    public var created: String

    enum CodingKeys: String, CodingKey {
        case kind, subject, fingerprint, title, body, triage, objects, command, created
        case logTail = "log_tail"
        case logPath = "log_path"
        case runURL = "run_url"
    }

    /// Creates a report; the fingerprint is `<kind>:<subject>`.
    public init(
        kind: Kind, subject: String, title: String, body: String, triage: Triage, objects: [String: String] = [:],
        command: [String]? = nil, logTail: String? = nil, logPath: String? = nil, runURL: String? = nil, created: String
    ) {
        self.kind = kind
        self.subject = subject
        self.fingerprint = BreakReport.fingerprint(kind, subject)
        self.title = title
        self.body = body
        self.triage = triage
        self.objects = objects
        self.command = command
        self.logTail = logTail
        self.logPath = logPath
        self.runURL = runURL
        self.created = created
    }

    /// `<kind>:<subject>`.
    public static func fingerprint(_ kind: Kind, _ subject: String) -> String { "\(kind.rawValue):\(subject)" }

    /// The marker embedded in issue bodies: `<!-- release-mirror:fingerprint=… -->`.
    public static func marker(for fingerprint: String) -> String {
        "<!-- release-mirror:fingerprint=\(fingerprint) -->"
    }

    /// The marker of this report.
    public var marker: String { BreakReport.marker(for: fingerprint) }

    /// The file name stem used by the directory sink: the fingerprint with every character outside
    /// `[A-Za-z0-9._-]` replaced by `_`.
    public var fileStem: String { BreakReport.sanitise(fingerprint, limit: 150) }

    /// `text` with every character outside `[A-Za-z0-9._-]` replaced by `_`, cut to `limit`.
    public static func sanitise(_ text: String, limit: Int) -> String {
        let mapped = String(
            text.unicodeScalars.map { scalar -> Character in
                let v = scalar.value
                let ok = (v >= 48 && v <= 57) || (v >= 65 && v <= 90) || (v >= 97 && v <= 122) || v == 46 || v == 95 || v == 45
                return ok ? Character(scalar) : "_"
            })
        let trimmed = mapped.hasPrefix(".") ? "_" + mapped.dropFirst() : mapped
        return String(trimmed.prefix(limit))
    }

    /// This report with every secret replaced by `***` (applied before anything leaves the process).
    public func redacted(by redactor: Redactor) -> BreakReport {
        var copy = self
        copy.title = redactor.redact(title)
        copy.body = redactor.redact(body)
        copy.triage.reason = redactor.redact(triage.reason)
        copy.command = command?.map(redactor.redact)
        copy.logTail = logTail.map(redactor.redact)
        return copy
    }
}
