import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What happens when the command-line tool receives SIGTERM, SIGINT or SIGHUP (a CI runner's
/// cancel, Ctrl-C, a closed terminal): it stops at a safe point and exits with 128 + the signal.
///
/// 1. Cleanups registered with `.now` run at once: the smoke hook's process group is killed.
/// 2. Work inside `critical(_:)` — a ref write, a fetch, a push — is never cut short: the exit
///    waits until the last critical section ends (a fetch or push in flight is asked to stop at
///    its next progress callback; nothing is half-written either way). A critical section that
///    has not begun yet never begins. If the sections do not end within `grace`, or a second
///    signal arrives, the process exits anyway: the ref lock files that may leave are removed
///    by the next run (`StaleLocks`, `PathOriginJournal`).
/// 3. At a safe point (no critical section running), `.safePoint` cleanups run: the run lock is
///    released cleanly. Then `.exit` cleanups run (the smoke checkout is removed), the process
///    prints one line saying what it did, and exits.
///
/// Until `install()` runs (only the CLI calls it), signals keep their default actions, and the
/// type only counts critical sections: a library host such as a test runner is not affected.
public final class Interruption: Sendable {
    /// The process-wide instance.
    public static let shared = Interruption()

    /// When a cleanup runs.
    public enum Phase: Sendable {
        /// As soon as the signal arrives (kill hooks, remove temporary files).
        case now
        /// Only when the process exits at a safe point (release the run lock cleanly).
        case safePoint
        /// Right before the process exits, safe point or not (remove temporary files).
        case exit
    }

    /// How long the exit waits for critical sections in flight.
    public static let grace: Duration = .seconds(10)

    private struct Cleanup {
        var phase: Phase
        var body: @Sendable () -> Void
    }

    private struct State {
        var signal: Int32?
        var depth: [pthread_t: Int] = [:]  // critical sections per thread
        var cleanups: [Int: Cleanup] = [:]
        var nextID = 0
        var sources: [any DispatchSourceSignal] = []
        var cleanedUp = false  // the `.now` cleanups have run
        var finishing = false
    }
    private let state = Mutex(State())

    /// The signals handled.
    public static let signals: [Int32] = [SIGTERM, SIGINT, SIGHUP]

    /// Catches SIGTERM, SIGINT and SIGHUP from now on (idempotent). A signal the process was
    /// started with ignored stays ignored (`nohup release-mirror sync` survives a hangup, as a
    /// background job of a script ignores Ctrl-C). Children started afterwards get the default
    /// dispositions back (the smoke hook is spawned with `POSIX_SPAWN_SETSIGDEF`).
    public func install() {
        state.withLock { s in
            guard s.sources.isEmpty else { return }
            for number in Interruption.signals {
                // Dispatch sees the signal once its default action is disabled.
                let previous = signal(number, SIG_IGN)
                if Interruption.isIgnore(previous) { continue }
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { Interruption.shared.received(number) }
                source.resume()
                s.sources.append(source)
            }
        }
    }

    /// Whether `handler` is `SIG_IGN` (function pointers compare by address).
    private static func isIgnore(_ handler: __sighandler_t?) -> Bool {
        unsafeBitCast(handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
    }

    /// Whether a signal has arrived (a long operation should stop at its next safe point).
    public var isInterrupted: Bool { state.withLock { $0.signal != nil } }

    /// Registers `body` to run on a signal, in `phase`; returns the id for `remove(_:)`.
    @discardableResult
    public func add(_ phase: Phase, _ body: @escaping @Sendable () -> Void) -> Int {
        state.withLock { s in
            s.nextID += 1
            s.cleanups[s.nextID] = Cleanup(phase: phase, body: body)
            return s.nextID
        }
    }

    /// Forgets a cleanup (its work is done).
    public func remove(_ id: Int) {
        _ = state.withLock { $0.cleanups.removeValue(forKey: id) }
    }

    /// Runs `body` as a critical section: a signal does not end the process before it returns.
    /// Once a signal has arrived, a new (outermost) section does not start: the calling thread
    /// waits for the exit instead.
    public func critical<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        let thread = pthread_self()
        let refused = state.withLock { s -> Bool in
            if s.signal != nil && s.depth[thread] == nil { return true }
            s.depth[thread, default: 0] += 1
            return false
        }
        if refused { Interruption.waitForExit() }
        defer {
            let exit = state.withLock { s -> Int32? in
                let depth = (s.depth[thread] ?? 1) - 1
                s.depth[thread] = depth == 0 ? nil : depth
                return s.depth.isEmpty && s.cleanedUp ? s.signal : nil
            }
            if let exit { finish(exit, safe: true) }
        }
        return try body()
    }

    private func received(_ number: Int32) {
        let first = state.withLock { s -> Bool in
            guard s.signal == nil else { return false }
            s.signal = number
            return true
        }
        guard first else {
            // A second signal: no more waiting (unless the process is already on its way out).
            finish(number, safe: false)
            return
        }
        for cleanup in cleanups(.now) { cleanup() }
        let idle = state.withLock { s -> Bool in
            s.cleanedUp = true
            return s.depth.isEmpty
        }
        if idle {
            finish(number, safe: true)
        } else {
            DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(Int(Interruption.grace.components.seconds))) {
                // The sections in flight did not end in time.
                Interruption.shared.finish(number, safe: false)
            }
        }
    }

    private func cleanups(_ phase: Phase) -> [@Sendable () -> Void] {
        state.withLock { s in s.cleanups.sorted { $0.key < $1.key }.filter { $0.value.phase == phase }.map(\.value.body) }
    }

    /// Ends the process: at a safe point after the `.safePoint` cleanups, else at once.
    private func finish(_ number: Int32, safe: Bool) {
        let first = state.withLock { s -> Bool in
            defer { s.finishing = true }
            return !s.finishing
        }
        guard first else { Interruption.waitForExit() }  // another thread is ending the process
        if safe { for cleanup in cleanups(.safePoint) { cleanup() } }
        for cleanup in cleanups(.exit) { cleanup() }
        let name = [SIGTERM: "SIGTERM", SIGINT: "SIGINT", SIGHUP: "SIGHUP"][number] ?? "signal \(number)"
        let what = safe
            ? "stopped at a safe point: no hook left running, no checkout left, the run lock released"
            : "stopped before the ref write or transfer in flight ended; the next run removes any lock file it left"
        let line = "release-mirror: interrupted by \(name); \(what); run it again to finish (exit \(128 + number))\n"
        _ = line.withCString { write(2, $0, strlen($0)) }
        // Re-raising does not work under libdispatch's signal handling on Linux; exit the way a
        // shell reports a death by signal.
        _exit(128 + number)
    }

    /// Once a signal has arrived, waits for the exit instead of returning: for work that must not
    /// go on once its subject is gone (a smoke whose hook was killed must not be recorded as failed).
    public func stopIfInterrupted() {
        if isInterrupted { Interruption.waitForExit() }
    }

    /// Parks the calling thread until the process exits.
    private static func waitForExit() -> Never {
        while true { sleep(60) }
    }
}
