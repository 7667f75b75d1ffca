/// The result of `release-mirror audit`: the findings, most severe first, and what was checked.
public struct AuditReport: Sendable, Equatable, Codable {
    /// The ledger file audited.
    public var ledger: String
    /// The mirror repository audited.
    public var repository: String
    /// Mirror tags seen.
    public var releases: Int
    /// Ledger rows that parsed.
    public var rows: Int
    /// Publish tags seen.
    public var publishTags: Int
    /// The findings: errors first, then by ledger line, id and subject.
    public var findings: [AuditFinding]
    /// Seconds the audit took.
    public var durationSeconds: Double

    enum CodingKeys: String, CodingKey {
        case ledger, repository, releases, rows, findings, errors, warnings
        case publishTags = "publish_tags"
        case durationSeconds = "duration_s"
        case exitStatus = "exit_status"
    }

    /// Creates a report (the findings are sorted).
    public init(
        ledger: String, repository: String, releases: Int, rows: Int, publishTags: Int, findings: [AuditFinding],
        durationSeconds: Double
    ) {
        self.ledger = ledger
        self.repository = repository
        self.releases = releases
        self.rows = rows
        self.publishTags = publishTags
        self.findings = findings.sorted { a, b in
            (a.severity, a.line ?? Int.max, a.id.rawValue, a.subject, a.message)
                < (b.severity, b.line ?? Int.max, b.id.rawValue, b.subject, b.message)
        }
        self.durationSeconds = durationSeconds
    }

    /// How many findings are errors.
    public var errors: Int { findings.filter { $0.severity == .error }.count }
    /// How many findings are warnings.
    public var warnings: Int { findings.filter { $0.severity == .warning }.count }
    /// 5 when any finding is an error, else 0 (SPEC §5.5).
    public var exitStatus: ExitStatus { errors > 0 ? .checkFailed : .success }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        ledger = try container.decode(String.self, forKey: .ledger)
        repository = try container.decode(String.self, forKey: .repository)
        releases = try container.decode(Int.self, forKey: .releases)
        rows = try container.decode(Int.self, forKey: .rows)
        publishTags = try container.decode(Int.self, forKey: .publishTags)
        findings = try container.decode([AuditFinding].self, forKey: .findings)
        durationSeconds = try container.decode(Double.self, forKey: .durationSeconds)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ledger, forKey: .ledger)
        try container.encode(repository, forKey: .repository)
        try container.encode(releases, forKey: .releases)
        try container.encode(rows, forKey: .rows)
        try container.encode(publishTags, forKey: .publishTags)
        try container.encode(findings, forKey: .findings)
        try container.encode(errors, forKey: .errors)
        try container.encode(warnings, forKey: .warnings)
        try container.encode(durationSeconds, forKey: .durationSeconds)
        try container.encode(exitStatus.rawValue, forKey: .exitStatus)
    }
}
