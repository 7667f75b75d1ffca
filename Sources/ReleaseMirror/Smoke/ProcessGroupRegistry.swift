import ChildProcesses
internal import MirrorSystem
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The process groups of running smoke commands. A smoke command runs in a process group of its
/// own, so a Ctrl-C on the terminal, a closed terminal's SIGHUP (or the SIGINT/SIGTERM a CI runner
/// sends on cancel) reaches release-mirror but not the hook. Once `installInterruptHandlers()`
/// has run (the CLI does it; a library host such as a test runner keeps its own signal
/// dispositions), SIGTERM, SIGINT and SIGHUP kill every registered group with SIGKILL at once,
/// and release-mirror ends at its next safe point with status 128 + the signal number
/// (`Interruption`), so an interrupted run never leaves a build running behind it.
final class ProcessGroupRegistry: Sendable {
    /// The process-wide registry.
    static let shared = ProcessGroupRegistry()

    private struct State {
        var groups: Set<pid_t> = []
        var installed = false
    }
    private let state = Mutex(State())

    /// Catches SIGTERM, SIGINT and SIGHUP from now on (idempotent).
    func installInterruptHandlers() {
        let first = state.withLock { s -> Bool in
            defer { s.installed = true }
            return !s.installed
        }
        guard first else { return }
        Interruption.shared.install()
        Interruption.shared.add(.now) { ProcessGroupRegistry.shared.killAll() }
    }

    /// Adds the group led by `pid`.
    func register(_ pid: pid_t) {
        _ = state.withLock { $0.groups.insert(pid) }
    }

    /// Removes the group led by `pid`.
    func unregister(_ pid: pid_t) {
        _ = state.withLock { $0.groups.remove(pid) }
    }

    /// Kills every registered group (SIGKILL: a hook gets no chance to linger).
    private func killAll() {
        let groups = state.withLock { $0.groups }
        for pid in groups { ProcessGroup.kill(pid) }
    }
}
