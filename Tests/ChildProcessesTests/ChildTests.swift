import ChildProcesses
import Foundation
import Testing

/// The long-lived child: stdin reaches it, lines come back, exit and signal are told apart, the
/// group is stopped.
@Suite struct ChildTests {
    @Test func stdinWritesReachTheChild() async throws {
        let child = try await Child.start(Command("/bin/sh", arguments: ["-c", "while read -r line; do echo \"got:$line\"; done"]))
        try child.send(Array("one\n".utf8))
        try child.send(Array("two\nthree\n".utf8))
        var lines: [String] = []
        for await line in child.stdout {
            lines.append(line)
            if lines.count == 3 { break }
        }
        #expect(lines == ["got:one", "got:two", "got:three"])
        child.closeStdin()
        #expect(await child.wait(timeout: .seconds(10)) == .exited(0))
        #expect(throws: ChildInputError.self) { try child.send(Array("late\n".utf8)) }
    }

    @Test func stdoutAndStderrAreSeparateLineStreams() async throws {
        let script = "printf 'out1\\nout2'; printf 'err1\\nerr2\\n' >&2; exit 3"
        let child = try await Child.start(Command("/bin/sh", arguments: ["-c", script]))
        async let errors = collect(child.stderr)
        let out = await collect(child.stdout)
        #expect(out == ["out1", "out2"])
        #expect(await errors == ["err1", "err2"])
        #expect(await child.wait() == .exited(3))
    }

    @Test func exitStatusAndSignalAreReportedDistinctly() async throws {
        let exited = try await Child.start(Command("/bin/sh", arguments: ["-c", "exit 9"]))
        let exitedEnd = await exited.wait()
        #expect(exitedEnd == .exited(9))
        #expect(exitedEnd.signal == nil)

        let killed = try await Child.start(Command("/bin/sh", arguments: ["-c", "kill -9 $$"]))
        let killedEnd = await killed.wait()
        #expect(killedEnd == .signaled(SIGKILL))
        #expect(killedEnd.exitCode == nil)

        let run = try await Command("/bin/sh", arguments: ["-c", "kill -TERM $$"]).capture()
        #expect(run.completion.termination == .signaled(SIGTERM))
    }

    @Test func stopEndsTheWholeGroup() async throws {
        let markers = try TemporaryFiles()
        // The child ignores SIGTERM and its grandchild sleeps: only the group SIGKILL ends them.
        let script = "trap '' TERM; sleep 600 & echo $! > \(markers.path)/grandchild; wait"
        let child = try await Child.start(Command("/bin/sh", arguments: ["-c", script]))
        let grandchild = try await markers.pid("grandchild")
        let ended = await child.stop(grace: .milliseconds(100), termGrace: .milliseconds(200))
        #expect(ended == .signaled(SIGKILL))
        #expect(await ProcessProbe.isGone(grandchild))
    }

    @Test func aMissingExecutableFailsToStart() async {
        await #expect(throws: (any Error).self) {
            _ = try await Child.start(Command("/nonexistent/program", arguments: ["x"]))
        }
    }

    private func collect(_ stream: AsyncStream<String>) async -> [String] {
        var lines: [String] = []
        for await line in stream { lines.append(line) }
        return lines
    }
}
