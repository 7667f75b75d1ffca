internal import Git

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
    case fetchProgress(source: String, FetchProgress)
    /// Push progress.
    case pushProgress(PushProgress)
    /// A line of output from a running hook (smoke), already redacted.
    case hookOutput(String)
    /// A collapsible group begins / ends (smoke logs under GitHub Actions).
    case groupBegin(String)
    case groupEnd
}

extension RunEvent {
    /// Progress of a fetch's pack transfer: objects and deltas received and indexed so far.
    public struct FetchProgress: Sendable, Equatable {
        public var totalObjects: Int
        public var receivedObjects: Int
        public var indexedObjects: Int
        public var localObjects: Int
        public var totalDeltas: Int
        public var indexedDeltas: Int
        public var receivedBytes: Int

        /// The Git layer's progress, as the engine reports it.
        init(_ progress: Git.TransferProgress) {
            totalObjects = progress.totalObjects
            receivedObjects = progress.receivedObjects
            indexedObjects = progress.indexedObjects
            localObjects = progress.localObjects
            totalDeltas = progress.totalDeltas
            indexedDeltas = progress.indexedDeltas
            receivedBytes = progress.receivedBytes
        }
    }

    /// Progress of a push's pack upload: objects sent of the total, bytes sent.
    public struct PushProgress: Sendable, Equatable {
        public var current: Int
        public var total: Int
        public var bytes: Int

        /// The Git layer's progress, as the engine reports it.
        init(_ progress: Git.PushProgress) {
            current = progress.current
            total = progress.total
            bytes = progress.bytes
        }
    }
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
