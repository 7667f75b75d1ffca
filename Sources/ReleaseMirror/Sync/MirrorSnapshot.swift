public import Git

/// Everything the sync planner needs to know, read from git by `SnapshotReader`. A plain value, so
/// plans can be computed and tested without a repository.
public struct MirrorSnapshot: Sendable, Equatable {
    /// A tag as seen upstream or in the mirror: its object (a tag object for annotated tags) and
    /// the commit it peels to (`nil` when it does not peel to a commit).
    public struct TagTarget: Sendable, Equatable, Hashable {
        public var object: ObjectID
        public var commit: ObjectID?
        public init(object: ObjectID, commit: ObjectID?) {
            self.object = object
            self.commit = commit
        }
    }

    /// How upstream's tip relates to the mirror branch.
    public enum TipRelation: Sendable, Equatable {
        /// The mirror branch does not exist yet.
        case noMirrorBranch
        /// Same commit.
        case same
        /// Upstream is ahead by `commits` (a fast-forward).
        case fastForward(commits: Int)
        /// Upstream rewrote history: the mirror tip is not an ancestor of upstream's.
        case diverged(mergeBase: ObjectID?, dropped: Int, added: Int)
    }

    /// Upstream's branch tip (`nil` when the branch is absent).
    public var upstreamTip: ObjectID?
    /// The mirror branch tip.
    public var mirrorTip: ObjectID?
    /// How they relate (meaningless when `upstreamTip` is nil).
    public var relation: TipRelation
    /// Upstream tags whose names fit the release pattern's literal parts, by short name.
    public var upstreamTags: [String: TagTarget]
    /// Mirror tags (`refs/tags/…`) whose names fit the release pattern's literal parts, by short name.
    public var mirrorTags: [String: TagTarget]
    /// Existing branches named like release branches, by short name (`release/v1.2.3`) → commit.
    public var releaseBranches: [String: ObjectID]
    /// Commits already kept under `refs/release-mirror/quarantine/`.
    public var quarantined: Set<ObjectID>

    public init(
        upstreamTip: ObjectID?, mirrorTip: ObjectID?, relation: TipRelation, upstreamTags: [String: TagTarget],
        mirrorTags: [String: TagTarget], releaseBranches: [String: ObjectID], quarantined: Set<ObjectID>
    ) {
        self.upstreamTip = upstreamTip
        self.mirrorTip = mirrorTip
        self.relation = relation
        self.upstreamTags = upstreamTags
        self.mirrorTags = mirrorTags
        self.releaseBranches = releaseBranches
        self.quarantined = quarantined
    }
}
