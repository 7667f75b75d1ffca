public import Git

/// What `publish-tag` found and did.
public struct PublishResult: Sendable, Equatable, Codable {
    /// How the run ended.
    public enum Outcome: String, Sendable, Equatable, Codable {
        /// The publish tag was created (and pushed unless told not to).
        case created
        /// The tag already existed on the same commit: a successful no-op (it may have been pushed
        /// or adopted to complete an earlier run).
        case alreadyPublished = "already-published"
        /// `--dry-run`: every check passed; nothing was created.
        case wouldCreate = "would-create"
        /// A check failed: nothing was created, written or pushed.
        case refused
    }

    /// The version asked for.
    public var version: String
    /// The mirror tag published from (short name).
    public var sourceTag: String
    /// The publish tag (short name).
    public var publishTag: String
    /// The source commit, when the mirror tag resolved.
    public var commit: ObjectID?
    /// Every check, in order.
    public var checks: [PublishCheck]
    /// How it ended.
    public var outcome: Outcome
    /// The publish tag's object (an annotated tag), when it exists.
    public var tagObject: ObjectID?
    /// The tag message written (or that would be written).
    public var message: String?
    /// Whether the tag was pushed to `mirror.remote` by this run.
    public var pushed: Bool
    /// The ledger line whose Publish tag cell this run filled in, if any.
    public var ledgerLine: Int?

    enum CodingKeys: String, CodingKey {
        case version, commit, checks, outcome, message, pushed
        case sourceTag = "source_tag"
        case publishTag = "publish_tag"
        case tagObject = "tag_object"
        case ledgerLine = "ledger_line"
    }

    /// Creates a value.
    public init(
        version: String, sourceTag: String, publishTag: String, commit: ObjectID?, checks: [PublishCheck],
        outcome: Outcome, tagObject: ObjectID? = nil, message: String? = nil, pushed: Bool = false, ledgerLine: Int? = nil
    ) {
        self.version = version
        self.sourceTag = sourceTag
        self.publishTag = publishTag
        self.commit = commit
        self.checks = checks
        self.outcome = outcome
        self.tagObject = tagObject
        self.message = message
        self.pushed = pushed
        self.ledgerLine = ledgerLine
    }

    /// The checks that failed.
    public var failed: [PublishCheck] { checks.filter { $0.status == .fail } }

    /// 5 when refused, else 0 (SPEC §5.4).
    public var exitStatus: ExitStatus { outcome == .refused ? .checkFailed : .success }
}
