/// Flags of `release-mirror sync`.
public struct SyncOptions: Sendable, Equatable {
    /// Print the plan and stop: no ref is written anywhere.
    public var dryRun = false
    /// Do everything locally, push nothing.
    public var noPush = false
    /// Skip smoke runs.
    public var noSmoke = false
    /// Moved or deleted upstream tags hold the run (exit 3) instead of warning.
    public var strict = false
    /// Seconds to wait for another run's lock (0 = fail at once, exit 6).
    public var lockTimeout: Double = 0
    /// Publish only: adopt from and push to `mirror.remote` what this copy has, without contacting
    /// upstream or running the hook (the second half of a split smoke/push workflow).
    public var pushOnly = false

    public init(
        dryRun: Bool = false, noPush: Bool = false, noSmoke: Bool = false, strict: Bool = false, lockTimeout: Double = 0,
        pushOnly: Bool = false
    ) {
        self.pushOnly = pushOnly
        self.dryRun = dryRun
        self.noPush = noPush
        self.noSmoke = noSmoke
        self.strict = strict
        self.lockTimeout = lockTimeout
    }
}
