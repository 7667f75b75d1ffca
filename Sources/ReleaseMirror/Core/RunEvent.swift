import Git

/// What the engine tells its front end while it works. The CLI turns these into progress bars on
/// a TTY, plain lines otherwise, and GitHub Actions annotations.
public enum RunEvent: Sendable {
    /// A step begins (`fetch upstream`, `push`, …).
    case step(String)
    /// A detail line (shown with `--verbose`).
    case detail(String)
    /// Something the user should see.
    case info(String)
    /// A warning (`::warning::` under GitHub Actions).
    case warning(String)
    /// An error that does not stop the run (`::error::` under GitHub Actions).
    case error(String)
    /// Fetch progress from `source`.
    case fetchProgress(source: String, TransferProgress)
    /// Push progress.
    case pushProgress(PushProgress)
    /// A line of output from a running hook (smoke), already redacted.
    case hookOutput(String)
    /// A collapsible group begins / ends (smoke logs under GitHub Actions).
    case groupBegin(String)
    case groupEnd
}

/// Receives `RunEvent`s. Called synchronously on the engine's thread.
public struct EventSink: Sendable {
    let handler: @Sendable (RunEvent) -> Void

    /// Creates a sink.
    public init(_ handler: @escaping @Sendable (RunEvent) -> Void) { self.handler = handler }

    /// Delivers an event.
    public func send(_ event: RunEvent) { handler(event) }

    /// A sink that drops everything.
    public static let none = EventSink { _ in }
}
