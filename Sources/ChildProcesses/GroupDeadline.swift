import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A time limit on a child's process group: once `timeout` has passed since `arm`, the group gets
/// SIGTERM, and SIGKILL `grace` later (at once when `grace` is zero). Two one-shot Dispatch timers
/// rather than sleeping tasks, so a suspended or cancelled task never delays a kill; nothing runs
/// in between.
public final class GroupDeadline: Sendable {
    private struct State {
        var leader: pid_t?
        var timedOut = false
        var disarmed = false
        var timer: (any DispatchSourceTimer)?
    }
    private let state = Mutex(State())
    /// The time limit.
    public let timeout: Duration
    /// Time between SIGTERM and SIGKILL.
    public let grace: Duration

    /// Creates a deadline; nothing happens until `arm`.
    public init(timeout: Duration, grace: Duration) {
        self.timeout = timeout
        self.grace = grace
    }

    /// Whether the time limit passed (the group was signalled).
    public var timedOut: Bool { state.withLock { $0.timedOut } }

    /// Starts the clock for the group led by `leader`.
    public func arm(_ leader: pid_t) {
        state.withLock { state in
            guard !state.disarmed, state.leader == nil else { return }
            state.leader = leader
            state.timer = schedule(after: timeout) { [self] in expire() }
        }
    }

    /// Stops the clock (idempotent); signals nothing.
    public func disarm() {
        state.withLock { state in
            state.disarmed = true
            state.timer?.cancel()
            state.timer = nil
        }
    }

    private func expire() {
        state.withLock { state in
            guard !state.disarmed, let leader = state.leader else { return }
            // Ended before the limit, and its waiter has not been told yet (it runs on the Swift
            // concurrency pool, which a loaded process can keep busy past the limit): not a
            // timeout. What it left in its group is the waiter's to kill, as on any exit.
            if Self.hasExited(leader) { return }
            state.timedOut = true
            if grace <= .zero {
                ProcessGroup.kill(leader)
                return
            }
            ProcessGroup.signal(leader, SIGTERM)
            state.timer = schedule(after: grace) { [self] in killAfterGrace() }
        }
    }

    private func killAfterGrace() {
        state.withLock { state in
            guard !state.disarmed, let leader = state.leader else { return }
            ProcessGroup.kill(leader)
        }
    }

    /// Whether the child `pid` has ended: reaped already, or a zombie (peeked with `WNOWAIT`, so
    /// its status stays for the waiter that reaps it).
    static func hasExited(_ pid: pid_t) -> Bool {
        #if os(Linux)
            var info = siginfo_t()  // Linux zeroes it when no child is waitable (WNOHANG)
            if waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0 { return errno == ECHILD }
            return info.si_signo == SIGCHLD
        #else
            return false
        #endif
    }

    private func schedule(after delay: Duration, _ handler: @escaping @Sendable () -> Void) -> any DispatchSourceTimer {
        let timer = DispatchSource.makeTimerSource(queue: .global())
        let (seconds, attoseconds) = delay.components
        let nanoseconds = min(max(0, seconds), 1 << 32) * 1_000_000_000 + max(0, attoseconds) / 1_000_000_000
        timer.schedule(deadline: .now() + .nanoseconds(Int(clamping: nanoseconds)))
        timer.setEventHandler(handler: handler)
        timer.resume()
        return timer
    }
}
