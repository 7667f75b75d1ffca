import Git

/// The verdict of `publish-tag`'s checks on its facts (SPEC §5.4): every check in order, the source
/// commit, the tag message, and what creating the tag would take.
struct PublishEvaluation: Sendable {
    /// What making the publish tag takes once every check passed.
    enum Action: Sendable, Equatable {
        /// Create the tag object and the ref.
        case create
        /// The local tag is right; only the push is due.
        case pushOnly
        /// The published mirror has the tag; create the local ref to it.
        case adopt
        /// Nothing: the tag exists here (and on the published mirror, when one is set).
        case none
    }

    /// Every check, in order.
    var checks: [PublishCheck] = []
    /// The source commit, when it resolved.
    var commit: ObjectID?
    /// The tag message, when the manifest could be read.
    var message: PublishTagMessage?
    /// What making the tag takes.
    var action: Action = .create
    /// The local publish tag's object, when it exists.
    var localTag: ObjectID?
    /// The publish tag's object on the published mirror, when listed there.
    var remoteTag: ObjectID?
    /// The smoke note's status, when the commit has a smoke note.
    var smoke: SmokeOutcome.Status?
}
