/// One finding of `release-mirror audit` (SPEC §5.5): a stable id, its severity, the ledger line it
/// concerns (when it concerns one), the tag or ref it is about, and what is wrong.
public struct AuditFinding: Sendable, Equatable, Codable {
    /// The finding ids. The raw values are stable: scripts and tests match on them.
    public enum Kind: String, Sendable, Equatable, Codable, CaseIterable {
        case ledgerSyntax = "ledger-syntax"
        case duplicateRow = "duplicate-row"
        case tagMissing = "tag-missing"
        case tagMoved = "tag-moved"
        case versionMismatch = "version-mismatch"
        case publishTagMismatch = "publish-tag-mismatch"
        case publishTagUnlisted = "publish-tag-unlisted"
        case releaseBranchMismatch = "release-branch-mismatch"
        case publishedUnverified = "published-unverified"
        case tagUnlisted = "tag-unlisted"
        case sdkDrift = "sdk-drift"
        case versionRegression = "version-regression"
        /// Not in SPEC §5.5's table: the manifest at a mirror tag exists but cannot be read (not a
        /// file, a symlink, too large, not JSON, no or a mistyped `version`).
        case manifestUnreadable = "manifest-unreadable"
        /// Not in SPEC §5.5's table: a row's Interface cell disagrees with the exported names of
        /// `publish.entry` at its tag against the previous release, or the table lacks the column.
        case interfaceMismatch = "interface-mismatch"
        /// Not in SPEC §5.5's table: `publish.entry` is set but the table has no Interface column
        /// (a ledger from before the column; `ledger update` adds it).
        case interfaceUnlisted = "interface-unlisted"
        /// A patch branch (`patches.branch`) without an active registry row.
        case patchUnregistered = "patch-unregistered"
        /// An active registry row whose branch the mirror does not have.
        case patchMissing = "patch-missing"
        /// A patch branch that does not contain its base tag's commit, or a base that is no mirror tag.
        case patchOffBase = "patch-off-base"
        /// Every change on a patch branch is on upstream's branch after its base: retire it.
        case patchAbsorbed = "patch-absorbed"
        /// A newer release exists and the patch is not absorbed: rebase it (then `set-base`) or retire it.
        case patchSuperseded = "patch-superseded"
        /// The smoke note at a patch tip says failed or timed out.
        case patchSmokeFailed = "patch-smoke-failed"

        /// The severity SPEC §5.5 gives this finding.
        public var severity: Severity {
            switch self {
            case .tagUnlisted, .sdkDrift, .versionRegression, .manifestUnreadable, .interfaceUnlisted, .patchAbsorbed,
                .patchSuperseded:
                return .warning
            default: return .error
            }
        }
    }

    /// How bad a finding is: any error makes `audit` exit 5.
    public enum Severity: String, Sendable, Equatable, Codable, Comparable {
        case error, warning

        public static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .warning }
    }

    /// The finding's id.
    public var id: Kind
    /// Its severity (fixed by the id).
    public var severity: Severity
    /// The 1-based ledger line it concerns, when any.
    public var line: Int?
    /// The tag, branch or file it is about.
    public var subject: String
    /// What is wrong, with the evidence, and what to do.
    public var message: String

    /// Creates a finding with the id's severity.
    public init(_ id: Kind, line: Int?, subject: String, message: String) {
        self.id = id
        self.severity = id.severity
        self.line = line
        self.subject = subject
        self.message = message
    }
}
