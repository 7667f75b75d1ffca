public import Git

/// A commit sync asks to smoke.
public struct SmokeTarget: Sendable, Equatable {
    /// The ref shown in logs and reports (`refs/tags/…` or the mirror branch).
    public var ref: String
    /// The commit to check out.
    public var commit: ObjectID
    /// The release version, for releases.
    public var version: String?

    public init(ref: String, commit: ObjectID, version: String?) {
        self.ref = ref
        self.commit = commit
        self.version = version
    }
}

/// Step 7 of sync: smoke the targets, record notes, return the outcomes.
public protocol SyncSmokeStage {
    /// Smokes each target not already verified; never throws for a failing hook (that is an outcome).
    func smoke(_ targets: [SmokeTarget], in workspace: MirrorWorkspace) async throws(MirrorError) -> [SmokeOutcome]
}

/// The end of sync: open, comment on or close break reports for what the run found.
public protocol SyncReportStage {
    /// Publishes reports for `result`; returns one line per report touched. Async: reports go
    /// over the network (GitHub) with retries and backoff.
    func report(_ result: SyncResult, in workspace: MirrorWorkspace) async -> [String]
}
