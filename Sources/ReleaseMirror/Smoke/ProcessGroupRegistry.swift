import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The process groups of running smoke commands. A smoke command runs in a process group of its
/// own, so a Ctrl-C on the terminal (or the SIGINT/SIGTERM a CI runner sends on cancel) reaches
/// release-mirror but not the hook. Once `installInterruptHandlers()` has run (the CLI does it;
/// a library host such as a test runner keeps its own signal dispositions), SIGINT and SIGTERM
/// kill every registered group with SIGKILL and end release-mirror with status 128 + the signal
/// number, so an interrupted run never leaves a build running behind it.
final class ProcessGroupRegistry: Sendable {
    /// The process-wide registry.
    static let shared = ProcessGroupRegistry()

    private struct State {
        var groups: Set<pid_t> = []
        var sources: [any DispatchSourceSignal] = []
    }
    private let state = Mutex(State())

    /// Catches SIGINT and SIGTERM from now on (idempotent).
    func installInterruptHandlers() {
        state.withLock { s in
            guard s.sources.isEmpty else { return }
            for signalNumber in [SIGINT, SIGTERM] {
                // Dispatch sees the signal once its default action is disabled; smoke commands get
                // every disposition reset to the default (posix_spawn with POSIX_SPAWN_SETSIGDEF in
                // swift-subprocess), so they still die of SIGTERM.
                signal(signalNumber, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
                source.setEventHandler { ProcessGroupRegistry.shared.interrupted(by: signalNumber) }
                source.resume()
                s.sources.append(source)
            }
        }
    }

    /// Adds the group led by `pid`.
    func register(_ pid: pid_t) {
        _ = state.withLock { $0.groups.insert(pid) }
    }

    /// Removes the group led by `pid`.
    func unregister(_ pid: pid_t) {
        _ = state.withLock { $0.groups.remove(pid) }
    }

    private func interrupted(by signalNumber: Int32) {
        let groups = state.withLock { $0.groups }
        for pid in groups { kill(-pid, SIGKILL) }
        // Re-raising does not work under libdispatch's signal handling on Linux; exit the way a
        // shell reports a death by signal.
        _exit(128 + signalNumber)
    }
}
