public import Git

/// What one sync did, for the summary, `--json` and GitHub Actions outputs.
public struct SyncResult: Sendable, Codable {
    /// Nothing changed upstream and nothing was pending: the run stopped after listing refs.
    public var upToDate = false
    /// `--dry-run`: the plan was computed and nothing written.
    public var dryRun = false
    /// Upstream's branch tip as seen.
    public var upstreamTip: ObjectID?
    /// The mirror branch after the run.
    public var mirrorTip: ObjectID?
    /// The plan (actions and findings).
    public var plan = SyncPlan()
    /// Actions actually applied (all of the plan unless a write failed).
    public var applied: [RefAction] = []
    /// Refs adopted from the mirror's remote before syncing (another runner's work).
    public var adoptedFromRemote: [String] = []
    /// Patch branches taken from the mirror's remote as they are (force-pushes marked `forced`).
    public var patchBranches: [PatchAdoption] = []
    /// Remote refs updated by the push.
    public var pushed: [String] = []
    /// Smoke results of this run.
    public var smoke: [SmokeOutcome] = []
    /// Reports opened, commented or closed.
    public var reports: [String] = []
    /// Objects received from upstream.
    public var receivedObjects = 0
    /// Wall time.
    public var durationSeconds = 0.0
    /// Wall time per stage, in the order they ran (`origin`, `list`, `fetch`, `plan`, `apply`,
    /// `pack-refs`, `smoke`, `push`, `reports`; only those that ran).
    public var phases: [Phase] = []
    /// Whether the run was held (history rewrite, or `--strict` tag findings).
    public var held = false
    /// The exit status the run ends with.
    public var exitStatus: ExitStatus = .success
    /// The error that ended the run, if any (already redacted).
    public var error: String?

    public init() {}

    /// One stage of the run and how long it took.
    public struct Phase: Sendable, Codable, Equatable {
        /// The stage.
        public var name: String
        /// Its wall time.
        public var seconds: Double
    }
}

/// The result of one smoke run (SPEC §5.2 step 7), also stored as a git note on the commit.
public struct SmokeOutcome: Sendable, Codable, Equatable {
    /// How the run ended.
    public enum Status: String, Sendable, Codable {
        case passed, failed
        case timedOut = "timed-out"
        case error
    }
    /// The ref smoked (tag or branch).
    public var ref: String
    /// The commit smoked.
    public var commit: ObjectID
    /// The release version, when a release was smoked.
    public var version: String?
    /// The outcome.
    public var status: Status
    /// The argv run.
    public var command: [String]
    /// ISO 8601 start time.
    public var started: String
    /// Duration in seconds.
    public var durationSeconds: Double
    /// The last lines of the log (redacted).
    public var logTail: String
    /// Where the full log was kept, if anywhere.
    public var logPath: String?

    public init(
        ref: String, commit: ObjectID, version: String?, status: Status, command: [String], started: String,
        durationSeconds: Double, logTail: String, logPath: String? = nil
    ) {
        self.ref = ref
        self.commit = commit
        self.version = version
        self.status = status
        self.command = command
        self.started = started
        self.durationSeconds = durationSeconds
        self.logTail = logTail
        self.logPath = logPath
    }
}
