import Subprocess

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A command run to completion.
public struct Completion: Sendable {
    /// The child's pid (also its process group id).
    public var pid: pid_t
    /// How it ended (`.unknown` when the run failed after the time limit killed it).
    public var termination: Termination
    /// Whether the time limit passed and the group was signalled.
    public var timedOut: Bool
    /// From launch to exit.
    public var elapsed: Duration

    /// Creates a completion (for callers that stand in for a run).
    public init(pid: pid_t, termination: Termination, timedOut: Bool, elapsed: Duration) {
        self.pid = pid
        self.termination = termination
        self.timedOut = timedOut
        self.elapsed = elapsed
    }
}

/// A command run to completion with its output captured.
public struct CapturedRun: Sendable {
    /// How the run ended.
    public var completion: Completion
    /// Everything it wrote to stdout.
    public var stdout: [UInt8]
    /// Everything it wrote to stderr.
    public var stderr: [UInt8]

    /// Creates a captured run (for callers that stand in for a run).
    public init(completion: Completion, stdout: [UInt8], stderr: [UInt8]) {
        self.completion = completion
        self.stdout = stdout
        self.stderr = stderr
    }
}

extension Command {
    /// Runs the command with `input` on its stdin (then end-of-file) and captures stdout and
    /// stderr whole (read concurrently, so a chatty child never blocks on a full pipe). Returns
    /// once the child has exited and its output is drained (output a leftover grandchild writes
    /// later is not waited for).
    /// - Parameters:
    ///   - timeout: the time limit (`GroupDeadline`), or `nil` for none.
    ///   - grace: time between SIGTERM and SIGKILL on timeout (zero: SIGKILL at once).
    ///   - killLeftovers: SIGKILL what is left of the group once the child has exited.
    /// - Throws: when the command cannot be started (see `Command.describe`).
    public func capture(
        input: [UInt8] = [], timeout: Duration? = nil, grace: Duration = .zero, killLeftovers: Bool = false
    ) async throws -> CapturedRun {
        if !input.isEmpty { BrokenPipe.ignore() }
        let deadline = timeout.map { GroupDeadline(timeout: $0, grace: grace) }
        let leader = Latch<pid_t>()
        let start = ContinuousClock.now
        do {
            let result = try await Subprocess.run(
                configuration(), input: .array(input), output: .bytes(limit: .max), error: .bytes(limit: .max)
            ) { execution in
                let pid = execution.processIdentifier.value
                leader.set(pid)
                deadline?.arm(pid)
            }
            deadline?.disarm()
            if killLeftovers { ProcessGroup.kill(result.processIdentifier.value) }
            let completion = Completion(
                pid: result.processIdentifier.value, termination: Termination(result.terminationStatus),
                timedOut: deadline?.timedOut ?? false, elapsed: .now - start)
            return CapturedRun(completion: completion, stdout: result.standardOutput, stderr: result.standardError)
        } catch {
            deadline?.disarm()
            if killLeftovers, let pid = leader.value { ProcessGroup.kill(pid) }
            throw error
        }
    }

    /// Runs the command with no stdin and calls `onLine` for each line of its output (stdout and
    /// stderr merged, in the order written; a final line without a newline too; lines longer than
    /// `maxLineLength` bytes cut into pieces). Once the child has exited, whatever is left of its
    /// group is SIGKILLed (background leftovers), and so it is when the run fails.
    /// - Parameters:
    ///   - timeout: the time limit on the whole group (SIGTERM, then SIGKILL after `grace`).
    ///   - started: called with the pid (the group id) as soon as the child runs.
    ///   - ended: called with the pid once the group has been killed.
    /// - Returns: how it ended; after a timeout `timedOut` is set (and the termination is the
    ///   signal, or `.unknown` when the run failed after the kill).
    /// - Throws: when the command cannot be started (see `Command.describe`).
    public func streamLines(
        maxLineLength: Int?, timeout: Duration, grace: Duration,
        started: @Sendable (pid_t) -> Void = { _ in }, ended: @Sendable (pid_t) -> Void = { _ in },
        onLine: (String) -> Void
    ) async throws -> Completion {
        let deadline = GroupDeadline(timeout: timeout, grace: grace)
        let leader = Latch<pid_t>()
        let start = ContinuousClock.now
        func finish() {
            deadline.disarm()
            guard let pid = leader.value else { return }
            ProcessGroup.kill(pid)  // the leader is gone; members may remain
            ended(pid)
        }
        do {
            let result = try await Subprocess.run(
                configuration(teardownGrace: grace), input: .none, output: .sequence, error: .combinedWithOutput
            ) { execution in
                let pid = execution.processIdentifier.value
                leader.set(pid)
                started(pid)
                deadline.arm(pid)
                var splitter = LineSplitter(maxLineLength: maxLineLength)
                for try await buffer in execution.standardOutput {
                    buffer.withUnsafeBytes { splitter.append($0, onLine) }
                }
                splitter.finish(onLine)
            }
            finish()
            return Completion(
                pid: result.processIdentifier.value, termination: Termination(result.terminationStatus),
                timedOut: deadline.timedOut, elapsed: .now - start)
        } catch {
            finish()
            if deadline.timedOut, let pid = leader.value {
                return Completion(pid: pid, termination: .unknown, timedOut: true, elapsed: .now - start)
            }
            throw error
        }
    }
}
