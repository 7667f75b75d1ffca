import Foundation
import Git

/// One `sync` run's state as its stages hand it on (SPEC §5.2): the result being built, what the
/// published mirror and upstream advertised, the plan's snapshot, and the stage timer.
struct SyncRun {
    /// What upstream advertised, and whether it differs from the private namespace.
    struct Upstream {
        /// Upstream's branch tip.
        var tip: ObjectID
        /// Upstream's release tags by short name.
        var tags: [String: ObjectID]
        /// Whether upstream differs from what the private namespace holds.
        var changed: Bool
        /// The private namespace before the fetch (which tags were already seen, and where).
        var seen: [String: ObjectID]
    }

    /// When the run started (before the lock).
    let started: Date
    /// The result so far.
    var result = SyncResult()
    /// The managed refs.
    let managed: ManagedRefs
    /// `mirror.remote`, when the run talks to it.
    let remoteURL: RemoteURL?
    /// The managed refs on `mirror.remote`, when listed.
    var originRefs: [String: ObjectID]?
    /// The local managed refs; valid until a managed ref is written.
    var localManaged: [String: ObjectID]?
    /// The branches `mirror.remote` advertised, when listed.
    var originBranches: [RemoteHead]?
    /// New patch tips taken from `mirror.remote`, to smoke.
    var patchTargets: [SmokeTarget] = []
    /// The time the plan was made at (quarantine refs, the in-progress record).
    var planned = Date()
    /// Whether the plan's findings hold the run (exit 3).
    var findingsHold = false
    /// Whether the run smokes.
    var smokeEnabled = false
    /// What an interrupted run still owes the smoke stage, and new patch tips.
    var owed: [SmokeTarget] = []
    /// When the stage now running began.
    var lapStarted: Date

    init(started: Date, managed: ManagedRefs, remoteURL: RemoteURL?, dryRun: Bool) {
        self.started = started
        self.managed = managed
        self.remoteURL = remoteURL
        self.lapStarted = Date()
        result.dryRun = dryRun
    }

    /// Closes the stage that began at the previous lap.
    mutating func lap(_ name: String) {
        let now = Date()
        result.phases.append(.init(name: name, seconds: now.timeIntervalSince(lapStarted)))
        lapStarted = now
    }

    /// Whether a smoke run of this sync did not pass.
    var smokeFailed: Bool { result.smoke.contains { $0.status != .passed } }

    /// How the sync record says the run ended: held, else smoke failed, else ok.
    var recordOutcome: SyncRecord.Outcome { findingsHold ? .held : smokeFailed ? .smokeFailed : .ok }

    /// The exit status the run ends with: a failure's, else held (3), else smoke failed (4), else 0.
    var exitStatus: ExitStatus {
        if result.exitStatus != .success { return result.exitStatus }
        return findingsHold ? .held : smokeFailed ? .smokeFailed : .success
    }

    /// The result with its wall time.
    func finished() -> SyncResult {
        var result = result
        result.durationSeconds = Date().timeIntervalSince(started)
        return result
    }
}
