import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension Command {
    /// Runs the command to completion on the calling thread, for synchronous callers (test
    /// fixtures): `input` on stdin, stdout and stderr captured whole (both read in one `poll`
    /// loop on this thread, so a chatty child never blocks on a full pipe), and with `timeout`
    /// the whole process group SIGKILLed when it passes. A program that cannot be found ends with
    /// status 127 and `env`'s message (the name is looked up on the child's `PATH`).
    ///
    /// Why not swift-subprocess here: its `run` needs the Swift concurrency pool to make progress
    /// (an unstructured task inside it), so a synchronous caller that blocks a pool thread waiting
    /// for it deadlocks once every pool thread does the same (two, on a two-core machine). This
    /// path needs no pool thread and no other thread at all.
    public func runBlocking(input: [UInt8] = [], timeout: Duration? = nil) throws -> CapturedRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        if let environment { process.environment = environment }
        let stdout = Pipe()
        let stderr = Pipe()
        let stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin
        let start = ContinuousClock.now
        if !input.isEmpty { BrokenPipe.ignore() }
        try process.run()  // Foundation starts it in a process group of its own
        let pid = process.processIdentifier
        if !input.isEmpty { try? stdin.fileHandleForWriting.write(contentsOf: input) }
        try? stdin.fileHandleForWriting.close()
        let deadline = timeout.map { start + $0 }
        let drained = Self.drain(
            stdout.fileHandleForReading.fileDescriptor, stderr.fileHandleForReading.fileDescriptor, until: deadline
        ) { ProcessGroup.kill(pid) }
        process.waitUntilExit()
        let termination: Termination =
            process.terminationReason == .uncaughtSignal
            ? .signaled(process.terminationStatus) : .exited(process.terminationStatus)
        let completion = Completion(pid: pid, termination: termination, timedOut: drained.timedOut, elapsed: .now - start)
        return CapturedRun(completion: completion, stdout: drained.stdout, stderr: drained.stderr)
    }

    /// Reads both descriptors to end-of-file; past `deadline`, calls `expire` once and goes on
    /// reading (the kill closes the pipes).
    private static func drain(
        _ out: Int32, _ err: Int32, until deadline: ContinuousClock.Instant?, expire: () -> Void
    ) -> (stdout: [UInt8], stderr: [UInt8], timedOut: Bool) {
        var fds = [pollfd(fd: out, events: Int16(POLLIN), revents: 0), pollfd(fd: err, events: Int16(POLLIN), revents: 0)]
        var collected: [[UInt8]] = [[], []]
        var buffer = [UInt8](repeating: 0, count: 65536)
        var timedOut = false
        while fds.contains(where: { $0.fd >= 0 }) {
            var wait: Int32 = -1
            if let deadline, !timedOut {
                let left = deadline - .now
                if left <= .zero {
                    timedOut = true
                    expire()
                } else {
                    let (seconds, attoseconds) = left.components
                    wait = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
                }
            }
            let ready = poll(&fds, nfds_t(fds.count), wait)
            if ready < 0 && errno != EINTR { break }
            for index in fds.indices where fds[index].fd >= 0 && fds[index].revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(fds[index].fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    collected[index].append(contentsOf: buffer[0..<count])
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    fds[index].fd = -1  // end-of-file (poll skips negative descriptors)
                }
            }
        }
        return (collected[0], collected[1], timedOut)
    }
}
