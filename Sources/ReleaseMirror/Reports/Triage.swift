/// The triage hint of a break report (SPEC §8): whose side a failure most likely is on, and why.
public struct Triage: Sendable, Codable, Equatable {
    /// Whose side.
    public enum Hint: String, Sendable, Codable {
        /// Our side: the runner, toolchain, network, lockfile handling or the configured layout.
        case environment
        /// Upstream's code or history changed in a way that breaks the build or the mirror.
        case upstreamBreak = "upstream-break"
    }

    /// The hint.
    public var hint: Hint
    /// One sentence naming the evidence (a log line, a missing path, …).
    public var reason: String

    /// Creates a value.
    public init(hint: Hint, reason: String) {
        self.hint = hint
        self.reason = reason
    }
}
