import ChildProcesses
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A Kimi CLI process (on the `ChildProcesses` layer): in its own process group, with piped stdin,
/// stdout delivered as lines and stderr kept as a bounded tail for error messages.
///
/// Nothing polls and no thread is parked per process: the pipes and the exit are served by
/// swift-subprocess's event loop and process monitor; the process is always reaped.
final class ChildProcess: Sendable {
    /// What the process produces, in order: stdout lines, then exactly one `.exited`.
    enum Output: Sendable {
        case line(String)
        case exited(ProcessExit)
    }

    /// The process id (also the process group id).
    let pid: pid_t
    /// The executable that was started.
    let executable: String
    /// The arguments (without the executable).
    let arguments: [String]
    /// Stdout lines, then the exit.
    let output: AsyncStream<Output>

    private let child: Child
    private let exit = Latch<ProcessExit>()
    private let tail = Mutex<[UInt8]>([])
    private static let stderrTailLimit = 8192

    private init(child: Child, output: AsyncStream<Output>) {
        self.child = child
        self.pid = child.pid
        self.executable = child.command.executable
        self.arguments = child.command.arguments
        self.output = output
    }

    /// Starts `executable` with `arguments` (which must not be empty: the Kimi CLI is never
    /// started without arguments) and exactly `environment`.
    static func launch(
        executable: String,
        arguments: [String],
        environment: [String: String]
    ) async throws -> ChildProcess {
        guard !arguments.isEmpty else {
            throw RuntimeError.invalidRequest("refusing to start \(executable) without arguments")
        }
        let child: Child
        do {
            child = try await Child.start(Command(executable, arguments: arguments, environment: environment))
        } catch {
            throw RuntimeError.invalidRequest("cannot start \(executable): \(Command.describe(error))")
        }
        let (stream, continuation) = AsyncStream<Output>.makeStream()
        let process = ChildProcess(child: child, output: stream)
        Task { [process] in
            // The stderr tail is complete, and every stdout line delivered, before the exit.
            async let stderrDrained: Void = process.collectStderr()
            for await line in child.stdout { continuation.yield(.line(line)) }
            await stderrDrained
            let exit = ProcessExit(await child.wait())
            process.exit.set(exit)
            continuation.yield(.exited(exit))
            continuation.finish()
        }
        return process
    }

    /// How the process ended, once it has.
    var exitStatus: ProcessExit? { exit.value }

    /// The last few kilobytes the process wrote to stderr.
    var stderrTail: String {
        String(decoding: tail.withLock { $0 }, as: UTF8.self)
    }

    /// Writes `text` plus a newline to the process's stdin (queued in order; never blocks).
    func writeLine(_ text: String) throws {
        var bytes = Array(text.utf8)
        bytes.append(0x0A)
        do {
            try child.send(bytes)
        } catch {
            let exit = exitStatus
            throw RuntimeError.peerExited(exitCode: exit?.exitCode, signal: exit?.signal, detail: error.description)
        }
    }

    /// Closes stdin (the Kimi CLI shuts down cleanly on end-of-file). Idempotent.
    func closeStdin() {
        child.closeStdin()
    }

    /// Sends `signal` to the process's whole group (the process and anything it started that
    /// stayed in its group).
    func signalGroup(_ signal: Int32) {
        child.signal(signal)
    }

    /// Waits until the process has ended and been reaped, up to `timeout`.
    /// - Returns: the exit, or `nil` when it is still running.
    @discardableResult
    func waitForExit(timeout: Duration) async -> ProcessExit? {
        await exit.wait(timeout: timeout)
    }

    /// Stops the process: close stdin and wait `grace`, then SIGTERM and wait, then SIGKILL.
    /// Afterwards SIGKILLs the process group so nothing it started is left behind. Idempotent.
    @discardableResult
    func terminate(grace: Duration) async -> ProcessExit? {
        guard await child.stop(grace: grace) != nil else { return exitStatus }
        return await waitForExit(timeout: .seconds(2))
    }

    /// Best-effort synchronous stop, for deinitializers: close stdin and SIGKILL the group.
    func killNow() {
        child.killNow()
    }

    private func collectStderr() async {
        for await line in child.stderr {
            tail.withLock { tail in
                tail.append(contentsOf: line.utf8)
                tail.append(0x0A)
                if tail.count > Self.stderrTailLimit { tail.removeFirst(tail.count - Self.stderrTailLimit) }
            }
        }
    }
}

extension ProcessExit {
    init(_ termination: Termination) {
        self.init(exitCode: termination.exitCode, signal: termination.signal)
    }
}
