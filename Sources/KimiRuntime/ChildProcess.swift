#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation
import Synchronization

/// A child process in its own process group, with piped stdin, stdout (delivered as lines) and
/// stderr (a bounded tail is kept for error messages).
///
/// All file descriptors are created close-on-exec (under a lock shared by all spawns of this
/// type), so concurrently spawned processes never inherit each other's pipes (which would hide
/// end-of-file). Three threads per process: a stdout
/// reader, a stderr reader and a waiter that reaps the process, so no zombie is left behind.
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

    private struct State {
        var stdinFD: Int32
        var exit: ProcessExit?
        var stderrTail: [UInt8] = []
    }

    private let state: Mutex<State>
    private static let stderrTailLimit = 8192

    private init(pid: pid_t, executable: String, arguments: [String], stdinFD: Int32, output: AsyncStream<Output>) {
        self.pid = pid
        self.executable = executable
        self.arguments = arguments
        self.output = output
        self.state = Mutex(State(stdinFD: stdinFD))
    }

    /// Starts `executable` with `arguments` (which must not be empty: the Kimi CLI is never
    /// started without arguments) and exactly `environment`.
    static func launch(
        executable: String,
        arguments: [String],
        environment: [String: String]
    ) throws -> ChildProcess {
        guard !arguments.isEmpty else {
            throw RuntimeError.invalidRequest("refusing to start \(executable) without arguments")
        }
        _ = ignoreSIGPIPE
        let (pid, stdinPipe, stdoutPipe, stderrPipe) = try spawnLock.withLock { _ in
            try spawnWithPipes(executable: executable, arguments: arguments, environment: environment)
        }
        // The child's ends belong to the child now.
        closeAll(stdinPipe.read, stdoutPipe.write, stderrPipe.write)

        let (stream, continuation) = AsyncStream<Output>.makeStream()
        let process = ChildProcess(
            pid: pid, executable: executable, arguments: arguments, stdinFD: stdinPipe.write, output: stream
        )
        let stdoutDone = DispatchSemaphore(value: 0)

        let stdoutFD = stdoutPipe.read
        Thread.detachNewThread {
            readLines(from: stdoutFD) { continuation.yield(.line($0)) }
            close(stdoutFD)
            stdoutDone.signal()
        }
        let stderrDone = DispatchSemaphore(value: 0)
        let stderrFD = stderrPipe.read
        Thread.detachNewThread { [process] in
            readChunks(from: stderrFD) { chunk in process.appendStderr(chunk) }
            close(stderrFD)
            stderrDone.signal()
        }
        Thread.detachNewThread { [process] in
            let exit = waitForChild(pid)
            // Let the readers deliver what the process wrote before it ended (its last stdout
            // lines, and the stderr tail the exit error quotes). A grandchild that inherited the
            // pipes could keep them open forever, so do not wait without bound.
            let deadline = DispatchTime.now() + .seconds(2)
            _ = stdoutDone.wait(timeout: deadline)
            _ = stderrDone.wait(timeout: deadline)
            process.state.withLock { $0.exit = exit }
            continuation.yield(.exited(exit))
            continuation.finish()
        }
        return process
    }

    /// How the process ended, once it has.
    var exitStatus: ProcessExit? {
        state.withLock { $0.exit }
    }

    /// The last few kilobytes the process wrote to stderr.
    var stderrTail: String {
        String(decoding: state.withLock { $0.stderrTail }, as: UTF8.self)
    }

    /// Writes `text` plus a newline to the process's stdin.
    func writeLine(_ text: String) throws {
        var bytes = Array(text.utf8)
        bytes.append(0x0A)
        try state.withLock { state in
            guard state.stdinFD >= 0 else {
                throw RuntimeError.peerExited(exitCode: state.exit?.exitCode, signal: state.exit?.signal, detail: "stdin is closed")
            }
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { buffer in
                    write(state.stdinFD, buffer.baseAddress, buffer.count)
                }
                if written < 0 {
                    let code = errno
                    if code == EINTR { continue }
                    throw RuntimeError.peerExited(
                        exitCode: state.exit?.exitCode,
                        signal: state.exit?.signal,
                        detail: "cannot write to the process: \(Self.errorText(code))"
                    )
                }
                offset += written
            }
        }
    }

    /// Closes stdin (the Kimi CLI shuts down cleanly on end-of-file). Idempotent.
    func closeStdin() {
        state.withLock { state in
            if state.stdinFD >= 0 {
                close(state.stdinFD)
                state.stdinFD = -1
            }
        }
    }

    /// Sends `signal` to the process's whole group (the process and anything it started that
    /// stayed in its group).
    func signalGroup(_ signal: Int32) {
        _ = kill(-pid, signal)
        if exitStatus == nil { _ = kill(pid, signal) }
    }

    /// Waits until the process has ended and been reaped, up to `timeout`.
    /// - Returns: the exit, or `nil` when it is still running.
    @discardableResult
    func waitForExit(timeout: Duration) async -> ProcessExit? {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            if let exit = exitStatus { return exit }
            if clock.now >= deadline { return nil }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Stops the process: close stdin and wait `grace`, then SIGTERM and wait, then SIGKILL.
    /// Afterwards SIGKILLs the process group so nothing it started is left behind. Idempotent.
    @discardableResult
    func terminate(grace: Duration) async -> ProcessExit? {
        closeStdin()
        var exit = await waitForExit(timeout: grace)
        if exit == nil {
            signalGroup(SIGTERM)
            exit = await waitForExit(timeout: .seconds(2))
        }
        if exit == nil {
            signalGroup(SIGKILL)
            exit = await waitForExit(timeout: .seconds(5))
        }
        // Anything still in the group (tool commands, MCP servers) goes too.
        _ = kill(-pid, SIGKILL)
        return exit
    }

    /// Best-effort synchronous stop, for deinitializers: close stdin and SIGKILL the group.
    func killNow() {
        closeStdin()
        signalGroup(SIGKILL)
    }

    private func appendStderr(_ chunk: [UInt8]) {
        state.withLock { state in
            state.stderrTail.append(contentsOf: chunk)
            if state.stderrTail.count > Self.stderrTailLimit {
                state.stderrTail.removeFirst(state.stderrTail.count - Self.stderrTailLimit)
            }
        }
    }
}

// MARK: - POSIX plumbing

extension ChildProcess {
    /// Ignore SIGPIPE in this process (once), so writing to a peer that died returns EPIPE instead
    /// of killing the program. Children get the default disposition back (see `spawn`).
    private static let ignoreSIGPIPE: Void = {
        var current = sigaction()
        if sigaction(SIGPIPE, nil, &current) == 0 {
            #if canImport(Darwin)
            let isDefault = current.__sigaction_u.__sa_handler == nil
            #else
            let isDefault = current.__sigaction_handler.sa_handler == nil
            #endif
            if isDefault { _ = signal(SIGPIPE, SIG_IGN) }
        }
    }()

    /// Serializes pipe creation and spawning in this process: `pipe2` is not available to Swift,
    /// so a pipe is marked close-on-exec right after `pipe`, and no other child may be spawned
    /// (and inherit it) in between.
    private static let spawnLock = Mutex(())

    private static func makePipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw posixError("pipe") }
        for fd in fds {
            guard fcntl(fd, F_SETFD, FD_CLOEXEC) == 0 else {
                closeAll(fds[0], fds[1])
                throw posixError("fcntl(FD_CLOEXEC)")
            }
        }
        return (fds[0], fds[1])
    }

    private static func spawnWithPipes(
        executable: String,
        arguments: [String],
        environment: [String: String]
    ) throws -> (pid_t, (read: Int32, write: Int32), (read: Int32, write: Int32), (read: Int32, write: Int32)) {
        let stdinPipe = try makePipe()
        let stdoutPipe: (read: Int32, write: Int32)
        let stderrPipe: (read: Int32, write: Int32)
        do {
            stdoutPipe = try makePipe()
        } catch {
            closeAll(stdinPipe.read, stdinPipe.write)
            throw error
        }
        do {
            stderrPipe = try makePipe()
        } catch {
            closeAll(stdinPipe.read, stdinPipe.write, stdoutPipe.read, stdoutPipe.write)
            throw error
        }

        let pid: pid_t
        do {
            pid = try spawn(
                executable: executable,
                arguments: arguments,
                environment: environment,
                stdin: stdinPipe.read,
                stdout: stdoutPipe.write,
                stderr: stderrPipe.write
            )
        } catch {
            closeAll(stdinPipe.read, stdinPipe.write, stdoutPipe.read, stdoutPipe.write, stderrPipe.read, stderrPipe.write)
            throw error
        }
        return (pid, stdinPipe, stdoutPipe, stderrPipe)
    }

    /// The text of an errno value.
    static func errorText(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "errno \(code)" }
        return String(cString: text)
    }

    private static func closeAll(_ fds: Int32...) {
        for fd in fds where fd >= 0 { close(fd) }
    }

    private static func posixError(_ call: String, _ code: Int32 = errno) -> RuntimeError {
        .invalidRequest("\(call) failed: \(errorText(code))")
    }

    private static func spawn(
        executable: String,
        arguments: [String],
        environment: [String: String],
        stdin: Int32,
        stdout: Int32,
        stderr: Int32
    ) throws -> pid_t {
        #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t? = nil
        var attributes: posix_spawnattr_t? = nil
        #else
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #endif
        guard posix_spawn_file_actions_init(&actions) == 0 else { throw posixError("posix_spawn_file_actions_init") }
        defer { posix_spawn_file_actions_destroy(&actions) }
        guard posix_spawnattr_init(&attributes) == 0 else { throw posixError("posix_spawnattr_init") }
        defer { posix_spawnattr_destroy(&attributes) }

        // dup2 clears close-on-exec on the targets, so the child gets exactly 0, 1 and 2.
        guard posix_spawn_file_actions_adddup2(&actions, stdin, 0) == 0,
            posix_spawn_file_actions_adddup2(&actions, stdout, 1) == 0,
            posix_spawn_file_actions_adddup2(&actions, stderr, 2) == 0
        else { throw posixError("posix_spawn_file_actions_adddup2") }

        // Own process group (so the whole tree can be signalled), empty signal mask, and default
        // dispositions for the signals this process may ignore or handle.
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD] {
            sigaddset(&defaultSignals, signal)
        }
        let flags = Int32(POSIX_SPAWN_SETPGROUP) | Int32(POSIX_SPAWN_SETSIGMASK) | Int32(POSIX_SPAWN_SETSIGDEF)
        guard posix_spawnattr_setflags(&attributes, Int16(flags)) == 0,
            posix_spawnattr_setpgroup(&attributes, 0) == 0,
            posix_spawnattr_setsigmask(&attributes, &noSignals) == 0,
            posix_spawnattr_setsigdefault(&attributes, &defaultSignals) == 0
        else { throw posixError("posix_spawnattr_set*") }

        let argv = try CStringArray([executable] + arguments)
        let envp = try CStringArray(environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv.pointers, envp.pointers)
        guard result == 0 else {
            throw RuntimeError.invalidRequest("cannot start \(executable): \(errorText(result))")
        }
        return pid
    }

    /// Reads `fd` until end-of-file, calling `body` with each line (without its newline).
    private static func readLines(from fd: Int32, _ body: (String) -> Void) {
        var pending: [UInt8] = []
        readChunks(from: fd) { chunk in
            pending.append(contentsOf: chunk)
            var start = 0
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                var end = newline
                if end > start, pending[end - 1] == 0x0D { end -= 1 }
                body(String(decoding: pending[start..<end], as: UTF8.self))
                start = newline + 1
            }
            if start > 0 { pending.removeFirst(start) }
        }
        if !pending.isEmpty { body(String(decoding: pending, as: UTF8.self)) }
    }

    /// Reads `fd` until end-of-file or an error, calling `body` with each chunk.
    private static func readChunks(from fd: Int32, _ body: ([UInt8]) -> Void) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return
            }
            if count == 0 { return }
            body(Array(buffer[0..<count]))
        }
    }

    /// Blocks until `pid` ends and reaps it.
    private static func waitForChild(_ pid: pid_t) -> ProcessExit {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, 0)
            if result == pid { break }
            if result < 0 && errno == EINTR { continue }
            // ECHILD: someone else reaped it; its status is unknown.
            return ProcessExit(exitCode: nil, signal: nil)
        }
        let low = status & 0x7F
        if low == 0 {
            return ProcessExit(exitCode: (status >> 8) & 0xFF, signal: nil)
        }
        return ProcessExit(exitCode: nil, signal: low)
    }
}

/// A NULL-terminated array of C strings that frees itself.
private final class CStringArray {
    let pointers: [UnsafeMutablePointer<CChar>?]

    init(_ strings: [String]) throws {
        var pointers: [UnsafeMutablePointer<CChar>?] = []
        pointers.reserveCapacity(strings.count + 1)
        for string in strings {
            guard let copy = strdup(string) else {
                for pointer in pointers { free(pointer) }
                throw RuntimeError.invalidRequest("out of memory copying process arguments")
            }
            pointers.append(copy)
        }
        pointers.append(nil)
        self.pointers = pointers
    }

    deinit {
        for pointer in pointers { free(pointer) }
    }
}
