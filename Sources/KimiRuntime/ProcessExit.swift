/// How a child process ended.
struct ProcessExit: Sendable, Hashable {
    /// The exit status, when it exited normally.
    var exitCode: Int32?
    /// The signal that killed it, when it was killed.
    var signal: Int32?
}
