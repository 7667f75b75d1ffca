import Subprocess
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A long-lived child process: its stdin is an ordered writer, its stdout and stderr arrive as
/// lines (`LineSplitter`) on two async streams. Nothing polls: the pipes are served by
/// swift-subprocess's event loop and the exit by its process monitor, so a child that sleeps
/// costs this process nothing.
///
/// Both line streams finish (with their last lines) before `wait()` reports the termination. A
/// grandchild that inherited the pipes cannot hold them open past the child's exit.
public final class Child: Sendable {
    /// The process id (also the process group id).
    public let pid: pid_t
    /// What was started.
    public let command: Command
    /// Stdout, line by line; finishes when the child has closed it or exited.
    public let stdout: AsyncStream<String>
    /// Stderr, line by line; finishes when the child has closed it or exited.
    public let stderr: AsyncStream<String>
    private let input: StandardInput
    private let ending: Latch<Termination>

    private init(
        pid: pid_t, command: Command, stdout: AsyncStream<String>, stderr: AsyncStream<String>, input: StandardInput,
        ending: Latch<Termination>
    ) {
        self.pid = pid
        self.command = command
        self.stdout = stdout
        self.stderr = stderr
        self.input = input
        self.ending = ending
    }

    /// Starts `command` with piped stdin, stdout and stderr.
    /// - Throws: when it cannot be started (see `Command.describe`).
    public static func start(_ command: Command) async throws -> Child {
        BrokenPipe.ignore()
        let (stdout, stdoutLines) = AsyncStream<String>.makeStream()
        let (stderr, stderrLines) = AsyncStream<String>.makeStream()
        let input = StandardInput()
        let ending = Latch<Termination>()
        let started = Latch<Result<pid_t, any Error>>()
        Task.detached {
            do {
                let result = try await Subprocess.run(
                    command.configuration(), input: .inputWriter, output: .sequence, error: .sequence
                ) { execution in
                    started.set(.success(execution.processIdentifier.value))
                    await withTaskGroup(of: Void.self) { group in
                        group.addTask { await input.feed(execution.standardInputWriter) }
                        await withTaskGroup(of: Void.self) { pumps in
                            pumps.addTask { await pump(execution.standardOutput, into: stdoutLines) }
                            pumps.addTask { await pump(execution.standardError, into: stderrLines) }
                        }
                        input.end()
                    }
                }
                ending.set(Termination(result.terminationStatus))
            } catch {
                if !started.set(.failure(error)) { ending.set(.unknown) }
            }
            input.end()
            stdoutLines.finish()
            stderrLines.finish()
        }
        let pid = try await started.wait().get()
        return Child(pid: pid, command: command, stdout: stdout, stderr: stderr, input: input, ending: ending)
    }

    /// How the child ended, once it has (and both line streams have finished).
    public var termination: Termination? { ending.value }

    /// Waits until the child has ended.
    public func wait() async -> Termination { await ending.wait() }

    /// Waits up to `timeout`; `nil` while it is still running.
    public func wait(timeout: Duration) async -> Termination? { await ending.wait(timeout: timeout) }

    /// Queues `bytes` for the child's stdin; writes happen in order, without blocking the caller.
    /// - Throws: `ChildInputError` once stdin is closed or a write failed (the child exited).
    public func send(_ bytes: [UInt8]) throws(ChildInputError) {
        try input.send(bytes)
    }

    /// Closes stdin after what is queued (the child sees end-of-file). Idempotent.
    public func closeStdin() {
        input.close()
    }

    /// Sends `signal` to the child's whole group, and to the child itself while it has not ended
    /// (in case it left its group).
    public func signal(_ signal: Int32) {
        ProcessGroup.signal(pid, signal)
        if ending.value == nil { kill(pid, signal) }
    }

    /// Stops the child: closes stdin and waits `grace`, then SIGTERMs the group and waits
    /// `termGrace`, then SIGKILLs it and waits `killWait`; at the end SIGKILLs the group again
    /// so nothing it started is left behind. Idempotent.
    /// - Returns: how it ended; `nil` if it outlived even SIGKILL's wait.
    @discardableResult
    public func stop(grace: Duration, termGrace: Duration = .seconds(2), killWait: Duration = .seconds(5)) async
        -> Termination?
    {
        closeStdin()
        var ended = await wait(timeout: grace)
        if ended == nil {
            signal(SIGTERM)
            ended = await wait(timeout: termGrace)
        }
        if ended == nil {
            signal(SIGKILL)
            ended = await wait(timeout: killWait)
        }
        ProcessGroup.kill(pid)
        return ended
    }

    /// Best-effort synchronous stop (for deinitializers): close stdin, SIGKILL the group.
    public func killNow() {
        closeStdin()
        signal(SIGKILL)
    }
}

/// Reads `output` to its end, one line at a time into `lines`, then finishes `lines`.
private func pump(_ output: SubprocessOutputSequence, into lines: AsyncStream<String>.Continuation) async {
    var splitter = LineSplitter()
    do {
        for try await buffer in output {
            buffer.withUnsafeBytes { splitter.append($0) { lines.yield($0) } }
        }
    } catch {
        // A read error ends the stream like end-of-file; the exit tells the rest.
    }
    splitter.finish { lines.yield($0) }
    lines.finish()
}
