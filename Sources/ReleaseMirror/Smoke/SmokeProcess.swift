import Dispatch
import Foundation
import Subprocess
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One run of the smoke command: an argv (never a shell string), an exact environment, a working
/// directory, a time limit. The child starts in a process group of its own (with every signal
/// disposition reset to the default, so an ignored SIGTERM inherited from our parent does not
/// carry over), and the whole group — grandchildren included — is killed on timeout (SIGTERM,
/// then SIGKILL after `grace`), when the command's own process exits (leftover background
/// processes), and when release-mirror itself is interrupted.
///
/// A grandchild that leaves the group on purpose (`setsid`, `setpgid`) is out of reach, as with
/// any process-group based supervisor.
struct SmokeProcess: Sendable {
    /// How a run ended.
    enum Ending: Sendable, Equatable {
        /// The command exited with this status.
        case exited(Int32)
        /// The command was killed by this signal (not by us).
        case signaled(Int32)
        /// The time limit passed; the group was killed.
        case timedOut
        /// The command could not be started (not found, not executable, bad directory).
        case launchFailed(String)
    }

    /// The command: program, then arguments.
    var argv: [String]
    /// The complete environment of the child.
    var environment: [String: String]
    /// The child's working directory.
    var workingDirectory: String
    /// The time limit.
    var timeout: Duration
    /// Time between SIGTERM and SIGKILL on timeout.
    var grace: Duration

    /// Runs the command, calling `onLine` for each line of its output (stdout and stderr merged,
    /// in the order written; a final line without a newline is delivered too).
    func run(onLine: (String) -> Void) async -> Ending {
        guard let program = argv.first, !program.isEmpty else { return .launchFailed("smoke.command is empty") }
        let executable: Executable
        if program.contains("/") {
            let path = program.hasPrefix("/") ? program : (workingDirectory as NSString).appendingPathComponent(program)
            executable = .path(.init(path))
        } else {
            executable = .name(program)
        }
        var keyed: [Environment.Key: String] = [:]
        for (name, value) in environment {
            guard let key = Environment.Key(rawValue: name) else { continue }
            keyed[key] = value
        }
        var platform = PlatformOptions()
        platform.processGroupID = 0  // a new group whose id is the child's pid
        platform.teardownSequence = [.send(signal: .terminate, toProcessGroup: true, allowedDurationToNextStep: grace)]
        let configuration = Subprocess.Configuration(
            executable: executable, arguments: Arguments(Array(argv.dropFirst())), environment: .custom(keyed),
            workingDirectory: .init(workingDirectory), platformOptions: platform)

        let watch = ProcessGroupWatch(timeout: timeout, grace: grace)
        do {
            let result = try await Subprocess.run(
                configuration, input: .none, output: .sequence, error: .combinedWithOutput
            ) { execution in
                watch.started(execution.processIdentifier.value)
                var splitter = LineSplitter()
                for try await buffer in execution.standardOutput {
                    buffer.withUnsafeBytes { splitter.append($0, onLine) }
                }
                splitter.finish(onLine)
            }
            watch.finished()
            if watch.timedOut { return .timedOut }
            switch result.terminationStatus {
            case .exited(let code): return .exited(code)
            case .signaled(let signal): return .signaled(signal)
            }
        } catch {
            watch.finished()
            if watch.timedOut { return .timedOut }
            return .launchFailed(SmokeProcess.describe(error, program: program, path: environment["PATH"]))
        }
    }

    /// A launch failure in words, naming the program and what to check.
    static func describe(_ error: any Error, program: String, path: String?) -> String {
        if let error = error as? SubprocessError {
            if error.code == .executableNotFound {
                return "command not found: \(program) (searched PATH=\(path ?? "<unset>"); "
                    + "install it on the runner or add its directory to PATH, and keep PATH in smoke.env)"
            }
            if error.code == .failedToChangeWorkingDirectory {
                return "could not start \(program): cannot enter the checkout directory: \(error)"
            }
            return "could not start \(program): \(error)"
        }
        return "could not start \(program): \(error)"
    }
}

/// Splits a byte stream into lines (`\n`, with a trailing `\r` dropped); overlong lines are cut
/// into pieces so one runaway line cannot exhaust memory.
private struct LineSplitter {
    private var pending: [UInt8] = []
    static let maxLine = 16 * 1024

    mutating func append(_ bytes: UnsafeRawBufferPointer, _ onLine: (String) -> Void) {
        for byte in bytes {
            if byte == 0x0A {
                emit(onLine)
            } else {
                pending.append(byte)
                if pending.count >= LineSplitter.maxLine { emit(onLine) }
            }
        }
    }

    mutating func finish(_ onLine: (String) -> Void) {
        if !pending.isEmpty { emit(onLine) }
    }

    private mutating func emit(_ onLine: (String) -> Void) {
        if pending.last == 0x0D { pending.removeLast() }
        onLine(String(decoding: pending, as: UTF8.self))
        pending.removeAll(keepingCapacity: true)
    }
}

/// Watches one child's process group on a Dispatch timer (not on the Swift concurrency pool, so a
/// busy or blocked pool never delays a kill): when the child exits, the rest of its group is
/// killed (so output pipes held by leftovers close); at the deadline the group gets SIGTERM, then
/// SIGKILL once `grace` has passed or the group is empty.
private final class ProcessGroupWatch: Sendable {
    private struct State {
        var pid: pid_t?
        var deadline: ContinuousClock.Instant?
        var termSentAt: ContinuousClock.Instant?
        var timedOut = false
        var killed = false
        var timer: (any DispatchSourceTimer)?
    }
    private let state = Mutex(State())
    private let timeout: Duration
    private let grace: Duration
    private static let tick = DispatchTimeInterval.milliseconds(50)

    init(timeout: Duration, grace: Duration) {
        self.timeout = timeout
        self.grace = grace
    }

    var timedOut: Bool { state.withLock { $0.timedOut } }

    /// The child runs: start the clock and the timer.
    func started(_ pid: pid_t) {
        ProcessGroupRegistry.shared.register(pid)
        state.withLock { s in
            s.pid = pid
            s.deadline = ContinuousClock.now + timeout
            let timer = DispatchSource.makeTimerSource(queue: .global())
            timer.schedule(deadline: .now() + ProcessGroupWatch.tick, repeating: ProcessGroupWatch.tick)
            timer.setEventHandler { [self] in tick() }
            timer.resume()
            s.timer = timer
        }
    }

    /// The run is over: stop the timer, kill whatever is left of the group, forget it.
    func finished() {
        let pid = state.withLock { s -> pid_t? in
            s.timer?.cancel()
            s.timer = nil
            return s.pid
        }
        guard let pid else { return }
        // The leader has been reaped; members may remain (a background job that closed its output).
        kill(-pid, SIGKILL)
        ProcessGroupRegistry.shared.unregister(pid)
    }

    private func tick() {
        state.withLock { s in
            guard let pid = s.pid, !s.killed, let deadline = s.deadline else { return }
            if ProcessGroupWatch.hasExited(pid) {
                kill(-pid, SIGKILL)
                s.killed = true
                s.timer?.cancel()
                return
            }
            let now = ContinuousClock.now
            if let termSentAt = s.termSentAt {
                if now - termSentAt >= grace || ProcessGroupWatch.groupIsEmpty(pid) {
                    kill(-pid, SIGKILL)
                    s.killed = true
                    s.timer?.cancel()
                }
            } else if now >= deadline {
                s.timedOut = true
                s.termSentAt = now
                kill(-pid, SIGTERM)
            }
        }
    }

    /// Whether the child has terminated (checked without reaping it: the runner reaps it).
    private static func hasExited(_ pid: pid_t) -> Bool {
        var info = siginfo_t()
        let rc = waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT)
        if rc == -1 { return errno == ECHILD }
        #if canImport(Glibc)
            return info._sifields._sigchld.si_pid != 0
        #else
            return info.si_pid != 0
        #endif
    }

    /// Whether no process of the group is left to signal.
    private static func groupIsEmpty(_ pid: pid_t) -> Bool {
        kill(-pid, 0) == -1 && errno == ESRCH
    }
}
