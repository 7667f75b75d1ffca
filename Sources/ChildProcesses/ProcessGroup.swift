#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Signals a child's process group. Every child this layer starts leads a group of its own (its
/// pid is the group id), so one signal reaches it and everything it started that stayed in the
/// group. The codebase's one group killer.
///
/// A process that leaves the group on purpose (`setsid`, `setpgid`) is out of reach, as with any
/// process-group based supervisor.
public enum ProcessGroup {
    /// Sends `signal` to every process in the group led by `leader`.
    /// - Returns: whether any process received it.
    @discardableResult
    public static func signal(_ leader: pid_t, _ signal: Int32) -> Bool {
        guard leader > 0 else { return false }
        return sendSignal(-leader, signal) == 0
    }

    /// SIGKILLs every process in the group led by `leader`.
    public static func kill(_ leader: pid_t) {
        signal(leader, SIGKILL)
    }

    /// Whether no process of the group is left to signal.
    public static func isEmpty(_ leader: pid_t) -> Bool {
        guard leader > 0 else { return true }
        return sendSignal(-leader, 0) == -1 && errno == ESRCH
    }
}

/// `kill(2)` (the enum's own `kill` hides it inside the enum).
private func sendSignal(_ target: pid_t, _ signal: Int32) -> Int32 {
    kill(target, signal)
}
