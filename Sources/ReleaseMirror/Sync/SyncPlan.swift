public import Git

/// One ref change the sync will make. Every change is create-only or a compare-and-swap
/// fast-forward; nothing is ever forced, moved backwards or deleted.
public struct RefAction: Sendable, Equatable, Codable {
    /// What kind of change.
    public enum Kind: String, Sendable, Codable {
        /// Create the mirror branch (first sync).
        case createBranch = "create-branch"
        /// Fast-forward the mirror branch (compare-and-swap from `old`).
        case fastForward = "fast-forward"
        /// Keep a rewritten upstream tip under `refs/release-mirror/quarantine/…`.
        case quarantine
        /// Create a mirror tag with upstream's object id.
        case createTag = "create-tag"
        /// Create a release branch at the tag's peeled commit.
        case createReleaseBranch = "create-release-branch"
    }

    public var kind: Kind
    /// The full ref name.
    public var ref: String
    /// The expected current value (fast-forward only).
    public var old: ObjectID?
    /// The new value.
    public var new: ObjectID
    /// The release version, for tag and release-branch actions.
    public var version: String?

    public init(kind: Kind, ref: String, old: ObjectID? = nil, new: ObjectID, version: String? = nil) {
        self.kind = kind
        self.ref = ref
        self.old = old
        self.new = new
        self.version = version
    }
}

/// Something the sync noticed that is not a ref change.
public struct Finding: Sendable, Equatable, Codable {
    /// The kind, also the report kind where one is opened.
    public enum Kind: String, Sendable, Codable {
        case historyRewritten = "history-rewritten"
        case tagMoved = "tag-moved"
        case tagDeleted = "tag-deleted"
        case invalidVersion = "invalid-version"
        case releaseBranchConflict = "release-branch-conflict"
        case tagNotCommit = "tag-not-commit"
        /// A release whose tag or release branch name no file system can hold: skipped.
        case nameTooLong = "name-too-long"
        /// A release whose version has a number above 2^64 − 1: skipped.
        case versionTooLarge = "version-too-large"
    }

    public var kind: Kind
    /// The ref concerned.
    public var ref: String
    /// One human sentence.
    public var message: String
    /// Ours (the mirror's value), where relevant.
    public var ours: ObjectID?
    /// Theirs (upstream's value), where relevant.
    public var theirs: ObjectID?
    /// For history rewrites: the merge base and how many mirrored commits upstream dropped.
    public var mergeBase: ObjectID?
    public var dropped: Int?
    public var added: Int?

    public init(
        kind: Kind, ref: String, message: String, ours: ObjectID? = nil, theirs: ObjectID? = nil,
        mergeBase: ObjectID? = nil, dropped: Int? = nil, added: Int? = nil
    ) {
        self.kind = kind
        self.ref = ref
        self.message = message
        self.ours = ours
        self.theirs = theirs
        self.mergeBase = mergeBase
        self.dropped = dropped
        self.added = added
    }

    /// Whether this finding holds the run (exit 3) regardless of `--strict`.
    public var alwaysHolds: Bool { kind == .historyRewritten }
    /// Whether `--strict` turns this finding into a hold (exit 3).
    public var holdsWhenStrict: Bool { kind == .tagMoved || kind == .tagDeleted }
}

/// A release the plan mirrors for the first time.
public struct NewRelease: Sendable, Equatable, Codable {
    public var tag: String
    public var version: String
    public var object: ObjectID
    public var commit: ObjectID
}

/// The planner's output: ref actions in the order they are applied, and findings.
public struct SyncPlan: Sendable, Equatable, Codable {
    public var actions: [RefAction] = []
    public var findings: [Finding] = []
    public var newReleases: [NewRelease] = []

    /// Whether the plan changes no ref.
    public var isEmpty: Bool { actions.isEmpty }
}
