/// A provider failure the agent retries after a pause (rate limit, overload, server error),
/// reported by ``HookEvent/rateLimit(_:)``.
public struct RateLimitInfo: Sendable, Hashable {
    /// The attempt that failed (1-based).
    public var attempt: Int
    /// The attempt that follows.
    public var nextAttempt: Int
    /// How many attempts the agent makes at most.
    public var maxAttempts: Int
    /// The pause before the next attempt, in seconds.
    public var waitSeconds: Double
    /// The provider error's kind, in the peer's words.
    public var errorType: String
    /// The HTTP status, when there was one.
    public var statusCode: Int?

    /// Creates a rate-limit description.
    public init(attempt: Int, nextAttempt: Int, maxAttempts: Int, waitSeconds: Double, errorType: String, statusCode: Int?) {
        self.attempt = attempt
        self.nextAttempt = nextAttempt
        self.maxAttempts = maxAttempts
        self.waitSeconds = waitSeconds
        self.errorType = errorType
        self.statusCode = statusCode
    }
}
