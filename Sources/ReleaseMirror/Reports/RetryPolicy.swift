import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// How the GitHub sink retries: 5xx, 429, a 403 that is a rate limit, and network errors are
/// retried up to `maxAttempts` times. The wait honours `Retry-After` (seconds), else
/// `x-ratelimit-reset` (epoch seconds) when the rate limit is exhausted, else doubles from
/// `baseDelay`. A wait longer than `maxDelay` is not made: the request fails at once and the report
/// is kept (printed, and in `report.directory`) instead of stalling the run. The clock and the
/// sleep are injectable, so tests neither wait nor depend on wall time.
public struct RetryPolicy: Sendable {
    /// Attempts in total, the first included.
    public var maxAttempts: Int
    /// The first backoff when the server names no wait; doubled each attempt.
    public var baseDelay: Duration
    /// The longest single wait made.
    public var maxDelay: Duration
    /// Waits (tests substitute a recorder).
    public var sleep: @Sendable (Duration) async -> Void
    /// The current time, for `x-ratelimit-reset`.
    public var now: @Sendable () -> Date

    /// Creates a policy.
    public init(
        maxAttempts: Int = 5, baseDelay: Duration = .seconds(1), maxDelay: Duration = .seconds(60),
        sleep: @escaping @Sendable (Duration) async -> Void = { try? await Task.sleep(for: $0) },
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.sleep = sleep
        self.now = now
    }

    /// The default: 5 attempts, 1 s doubling, at most 60 s per wait.
    public static let standard = RetryPolicy()

    /// Whether a response with this status and headers is worth retrying.
    static func isRetryable(status: Int, headers: [String: String], body: String) -> Bool {
        if status >= 500 || status == 429 { return true }
        if status == 403 {
            return headers["x-ratelimit-remaining"] == "0" || headers["retry-after"] != nil
                || body.localizedCaseInsensitiveContains("rate limit")
        }
        return false
    }

    /// The wait before attempt `attempt + 1` (`attempt` counts from 1), or `nil` when the server
    /// asks for longer than `maxDelay`.
    func delay(afterAttempt attempt: Int, headers: [String: String]) -> Duration? {
        var wait: Duration
        if let text = headers["retry-after"], let seconds = Double(text.trimmingCharacters(in: .whitespaces)) {
            wait = .milliseconds(Int64(max(0, seconds) * 1000))
        } else if headers["x-ratelimit-remaining"] == "0", let text = headers["x-ratelimit-reset"], let reset = Double(text) {
            let seconds = max(1, reset - now().timeIntervalSince1970)
            wait = .milliseconds(Int64(seconds * 1000))
        } else {
            wait = baseDelay * (1 << min(attempt - 1, 16))
            if wait > maxDelay { wait = maxDelay }
        }
        return wait > maxDelay ? nil : wait
    }
}
