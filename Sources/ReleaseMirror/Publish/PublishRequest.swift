/// What the maintainer asked `release-mirror publish-tag` to do.
public struct PublishRequest: Sendable, Equatable {
    /// The version to publish (SemVer), e.g. `0.9.3` or `0.9.3-botiverse.1`.
    public var version: String
    /// The mirror tag to publish from: its short name, `refs/tags/…`, or just its `{version}`.
    public var from: String
    /// Run and print every check; create, write and push nothing.
    public var dryRun: Bool
    /// Push the new tag to `mirror.remote` (when it is set).
    public var push: Bool
    /// Publish even without a passing smoke note (recorded in the tag message).
    public var allowUnverified: Bool
    /// Seconds to wait for another run's lock.
    public var lockTimeout: Double

    /// Creates a request.
    public init(
        version: String, from: String, dryRun: Bool = false, push: Bool = true, allowUnverified: Bool = false,
        lockTimeout: Double = 0
    ) {
        self.version = version
        self.from = from
        self.dryRun = dryRun
        self.push = push
        self.allowUnverified = allowUnverified
        self.lockTimeout = lockTimeout
    }
}
