/// A GitHub API request that failed for good (after any retries): which operation, the HTTP
/// status when there was a response, and what to do. Never contains the token.
public struct GitHubError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What was being done, e.g. `create an issue in owner/name`.
    public var operation: String
    /// The last HTTP status, `nil` for a network error.
    public var status: Int?
    /// The reason, with advice.
    public var message: String
    /// Attempts made.
    public var attempts: Int

    /// Creates a value.
    public init(operation: String, status: Int?, message: String, attempts: Int) {
        self.operation = operation
        self.status = status
        self.message = message
        self.attempts = attempts
    }

    /// `GitHub: <operation>: HTTP <status> after <n> attempt(s): <message>`.
    public var description: String {
        let code = status.map { "HTTP \($0)" } ?? "network error"
        return "GitHub: \(operation): \(code) after \(attempts) attempt(s): \(message)"
    }
}
