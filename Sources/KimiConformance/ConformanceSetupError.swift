/// The conformance suite could not be set up (e.g. no Kimi CLI to run against).
public struct ConformanceSetupError: Error, Sendable, CustomStringConvertible {
    /// What is missing and how to fix it.
    public var message: String

    /// Creates an error.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
