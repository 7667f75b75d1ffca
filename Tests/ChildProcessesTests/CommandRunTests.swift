import ChildProcesses
import Foundation
import Synchronization
import Testing

/// Run-to-completion: captured output, input, timeouts on the whole group, merged line streams.
@Suite struct CommandRunTests {
    @Test func captureKeepsStdoutStderrAndFeedsInput() async throws {
        let run = try await Command("/bin/sh", arguments: ["-c", "cat; echo warn >&2"]).capture(input: Array("hello\n".utf8))
        #expect(String(decoding: run.stdout, as: UTF8.self) == "hello\n")
        #expect(String(decoding: run.stderr, as: UTF8.self) == "warn\n")
        #expect(run.completion.termination == .exited(0))
        #expect(!run.completion.timedOut)
    }

    @Test func largeOutputOnBothPipesDoesNotDeadlock() async throws {
        // 4 MiB on stdout and 4 MiB on stderr, far beyond a pipe's buffer, written interleaved.
        let script = "i=0; while [ $i -lt 64 ]; do head -c 65536 /dev/zero; head -c 65536 /dev/zero >&2; i=$((i+1)); done"
        let run = try await Command("/bin/sh", arguments: ["-c", script]).capture(timeout: .seconds(60))
        #expect(run.stdout.count == 64 * 65536)
        #expect(run.stderr.count == 64 * 65536)
        #expect(!run.completion.timedOut)
    }

    @Test func largeInputAndOutputThroughALongLivedChild() async throws {
        let child = try await Child.start(Command("/bin/cat", arguments: ["-"]))
        let line = String(repeating: "x", count: 100_000)
        for _ in 0..<40 { try child.send(Array((line + "\n").utf8)) }
        child.closeStdin()
        var count = 0
        for await received in child.stdout {
            #expect(received.count == line.count)
            count += 1
        }
        #expect(count == 40)
        #expect(await child.wait() == .exited(0))
    }

    // `sleep 600` would outlive any test run: the kill is what ends it (`timedOut`, SIGTERM). No
    // wall-clock bound: this test resumes on the Swift concurrency pool, which suites blocking in
    // synchronous process waits can hold for a minute on a two-core runner; the time limit turns
    // a kill that never comes into a failure rather than a hang.
    @Test(.timeLimit(.minutes(5)))
    func timeoutKillsTheWholeGroupIncludingAGrandchild() async throws {
        let markers = try TemporaryFiles()
        let script = "sleep 600 & echo $! > \(markers.path)/grandchild; wait"
        let run = try await Command("/bin/sh", arguments: ["-c", script]).capture(timeout: .milliseconds(500), grace: .milliseconds(200))
        #expect(run.completion.timedOut)
        #expect(run.completion.termination == .signaled(SIGTERM))
        let grandchild = try await markers.pid("grandchild")
        #expect(await ProcessProbe.isGone(grandchild))
    }

    @Test func timeoutSIGKILLsAGroupThatIgnoresSIGTERMAfterTheGrace() async throws {
        let markers = try TemporaryFiles()
        let script = "trap '' TERM; sh -c 'trap \"\" TERM; echo $$ > \(markers.path)/grandchild; sleep 600' & wait"
        let lines = Mutex<[String]>([])
        let run = try await Command("/bin/sh", arguments: ["-c", script]).streamLines(
            maxLineLength: nil, timeout: .milliseconds(500), grace: .milliseconds(300)
        ) { line in lines.withLock { $0.append(line) } }
        #expect(run.timedOut)
        #expect(run.termination == .signaled(SIGKILL))
        let grandchild = try await markers.pid("grandchild")
        #expect(await ProcessProbe.isGone(grandchild))
    }

    @Test func streamLinesMergesOutputAndKillsLeftovers() async throws {
        let markers = try TemporaryFiles()
        let script = "echo one; echo two >&2; sleep 600 >/dev/null 2>&1 & echo $! > \(markers.path)/leftover; printf last"
        var lines: [String] = []
        let started = Mutex<pid_t?>(nil)
        let ended = Mutex<pid_t?>(nil)
        let run = try await Command("/bin/sh", arguments: ["-c", script]).streamLines(
            maxLineLength: 1024, timeout: .seconds(60), grace: .seconds(1),
            started: { pid in started.withLock { $0 = pid } }, ended: { pid in ended.withLock { $0 = pid } }
        ) { lines.append($0) }
        #expect(lines == ["one", "two", "last"])
        #expect(run.termination == .exited(0))
        #expect(!run.timedOut)
        #expect(started.withLock { $0 } == run.pid)
        #expect(ended.withLock { $0 } == run.pid)
        #expect(await ProcessProbe.isGone(try await markers.pid("leftover")))
    }

    @Test func theEnvironmentIsExactlyTheOneGiven() async throws {
        let run = try await Command("/usr/bin/env", environment: ["ONLY": "this"]).capture()
        #expect(String(decoding: run.stdout, as: UTF8.self) == "ONLY=this\n")
    }
}

/// The synchronous path for test fixtures: no concurrency pool needed, so callers that block
/// every pool thread at once still finish.
@Suite struct BlockingRunTests {
    @Test func manyConcurrentBlockingRunsFromThePoolAllFinish() async throws {
        let width = ProcessInfo.processInfo.activeProcessorCount * 4
        let outputs = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<width {
                group.addTask {
                    let run = try Command("sh", arguments: ["-c", "cat; echo \(index)"]).runBlocking(input: Array("in\n".utf8))
                    return String(decoding: run.stdout, as: UTF8.self)
                }
            }
            var all: [String] = []
            for try await output in group { all.append(output) }
            return all
        }
        #expect(Set(outputs) == Set((0..<width).map { "in\n\($0)\n" }))
    }

    @Test func blockingTimeoutKillsTheWholeGroup() throws {
        let markers = try TemporaryFiles()
        let script = "sleep 600 & echo $! > \(markers.path)/grandchild; wait"
        let run = try Command("/bin/sh", arguments: ["-c", script]).runBlocking(timeout: .milliseconds(300))
        #expect(run.completion.timedOut)
        #expect(run.completion.termination == .signaled(SIGKILL))
        let text = try String(contentsOfFile: markers.path + "/grandchild", encoding: .utf8)
        let grandchild = try #require(pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)))
        var gone = false
        for _ in 0..<500 where !gone {
            gone = kill(grandchild, 0) != 0 && errno == ESRCH
                || ((try? String(contentsOfFile: "/proc/\(grandchild)/stat", encoding: .utf8)) ?? "").contains(") Z ")
            if !gone { usleep(10_000) }
        }
        #expect(gone)
    }

    @Test func blockingLargeOutputAndStatus() throws {
        let script = "head -c 3000000 /dev/zero; head -c 3000000 /dev/zero >&2; exit 4"
        let run = try Command("/bin/sh", arguments: ["-c", script]).runBlocking()
        #expect(run.stdout.count == 3_000_000)
        #expect(run.stderr.count == 3_000_000)
        #expect(run.completion.termination == .exited(4))
        let missing = try Command("no-such-program-here").runBlocking()
        #expect(missing.completion.termination == .exited(127))
    }
}
