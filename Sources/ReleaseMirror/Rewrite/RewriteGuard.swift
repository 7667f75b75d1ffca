public import Git

/// Whether `accept-rewrite` may move the mirror branch to a commit: only while `sync` holds a
/// rewrite (a quarantined tip the branch has not moved onto), and only to the newest quarantined
/// tip or to upstream's current tip, listed afresh. Anything else (a rewind to an ancestor, the
/// notes commit, the mirror's own default branch, any other commit) is refused, naming what would
/// be accepted. Pure: `RewriteAcceptor` reads the facts.
public enum RewriteGuard {
    /// What the decision needs to know.
    public struct Facts: Sendable {
        /// The mirror branch (`refs/heads/upstream-main`) and its tip.
        public var branch: String
        public var mirrorTip: ObjectID?
        /// Quarantine refs whose tip the branch has not moved onto, oldest first (by name: the
        /// names start with a UTC stamp).
        public var pending: [(ref: String, tip: ObjectID)]
        /// Upstream's branch tip as listed now; `nil` when not listed.
        public var upstreamTip: ObjectID?
        /// Why upstream could not be listed, when it could not.
        public var upstreamProblem: String?
        /// Whether the commit asked for is an ancestor of the mirror tip (a rewind).
        public var targetIsAncestor = false

        public init(
            branch: String, mirrorTip: ObjectID?, pending: [(ref: String, tip: ObjectID)], upstreamTip: ObjectID? = nil,
            upstreamProblem: String? = nil, targetIsAncestor: Bool = false
        ) {
            self.branch = branch
            self.mirrorTip = mirrorTip
            self.pending = pending
            self.upstreamTip = upstreamTip
            self.upstreamProblem = upstreamProblem
            self.targetIsAncestor = targetIsAncestor
        }
    }

    /// The outcome.
    public enum Decision: Equatable, Sendable {
        /// Move the branch (a rewrite is held and the commit is one it may move to).
        case accept
        /// The branch is already there: nothing to do (a re-run after success).
        case alreadyThere
        /// Refused: one sentence naming what would be accepted.
        case refuse(String)
    }

    /// Whether the decision needs upstream's current tip (listing it costs a connection).
    public static func needsUpstream(_ target: ObjectID, _ facts: Facts) -> Bool {
        target != facts.mirrorTip && !facts.pending.isEmpty && target != facts.pending.last?.tip
    }

    public static func decide(_ target: ObjectID, _ facts: Facts) -> Decision {
        if target == facts.mirrorTip { return .alreadyThere }
        let nothing = "nothing was moved or pushed"
        guard let held = facts.pending.last else {
            return .refuse(
                "accept-rewrite refused: no rewrite is held (\(facts.branch) is at \(facts.mirrorTip?.short() ?? "nothing") and no "
                    + "quarantine under refs/release-mirror/quarantine/ is pending); it only moves past a rewrite `sync` held "
                    + "(exit 3); \(nothing)")
        }
        if target == held.tip || target == facts.upstreamTip { return .accept }
        let what = facts.targetIsAncestor ? ", an ancestor of \(facts.branch) (a rewind)," : ""
        let upstream: String
        if let tip = facts.upstreamTip {
            upstream = tip == held.tip ? "" : " or upstream's current tip \(tip.hex)"
        } else {
            upstream = " (upstream's current tip could not be listed: \(facts.upstreamProblem ?? "unknown"))"
        }
        return .refuse(
            "accept-rewrite refused: \(target.hex)\(what) is not the rewrite held; it accepts only the quarantined tip "
                + "\(held.tip.hex) (\(held.ref))\(upstream); run `release-mirror accept-rewrite \(held.tip.hex)`; \(nothing)")
    }
}
