import Foundation

/// What a run takes from the outside world, gathered in one value so tests can supply their own:
/// the environment variables, the clock, and where events go.
public struct RunEnvironment: Sendable {
    /// Environment variables.
    public var variables: [String: String]
    /// The current time.
    public var now: @Sendable () -> Date
    /// Progress and messages.
    public var events: EventSink

    /// Creates a value.
    public init(
        variables: [String: String] = ProcessInfo.processInfo.environment,
        now: @escaping @Sendable () -> Date = { Date() }, events: EventSink = .none
    ) {
        self.variables = variables
        self.now = now
        self.events = events
    }

    /// The tool's version, recorded in notes and tag messages: the release's (SPEC §12.1), or "dev".
    public static let toolVersion = ToolBuild.current?.version ?? "dev"
}
