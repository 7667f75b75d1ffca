/// A conformance check that did not hold, with what was expected and what happened.
public struct ConformanceFailure: Error, Sendable, CustomStringConvertible {
    /// The check.
    public var check: ConformanceCheck
    /// What went wrong.
    public var message: String

    /// Creates a failure.
    public init(check: ConformanceCheck, message: String) {
        self.check = check
        self.message = message
    }

    /// `conformance check <name> failed: <message>`.
    public var description: String {
        "conformance check \(check.rawValue) failed: \(message)"
    }
}
