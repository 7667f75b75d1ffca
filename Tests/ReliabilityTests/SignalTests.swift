import Foundation
import Synchronization
import Testing
import TestSupport

/// `release-mirror sync` interrupted by SIGTERM, SIGINT and SIGHUP during its fetch, its smoke and
/// its push (a path origin: libgit2 writes the origin's refs in-process). Each case must end
/// within seconds with status 128 + the signal, leave no hook process, no smoke checkout, no
/// `*.lock` in the mirror or the origin and a free run lock; a re-run then completes.
///
/// The fetch and push cases are made deterministic by the debug-build-only test hook
/// `RELEASE_MIRROR_TEST_PAUSE=<stage>:<marker file>` (the tool creates the marker inside that
/// libgit2 call and waits there until it is interrupted); the smoke case by a hook that writes a
/// marker, then waits on a background child.
@Suite(.serialized) struct SignalTests {
    /// A small upstream, a path origin and a mirror whose smoke hook waits until told to pass.
    final class Rig {
        let tmp = TemporaryDirectory("rm-signal")
        var work: String { tmp.url("work") }
        var markers: String { tmp.url("markers") }
        var scratch: String { tmp.url("tmpdir") }
        var mirror: String { work + "/mirror.git" }
        var origin: String { tmp.url("origin.git") }
        let upstream: Upstream

        init() throws {
            upstream = try Upstream.generate(at: tmp.url("up"), ["--commits", "30", "--releases", "3", "--unrelated", "1"])
            for directory in [work, markers, scratch] {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            try Shell.git("init", "-q", "--bare", origin, in: tmp.path)
            // The hook: passes once `pass` exists; otherwise records its pid, a background child's
            // pid and its checkout, then writes the marker and waits (for 10 minutes).
            let script = """
                if [ -e "$1/pass" ]; then exit 0; fi
                sleep 600 &
                echo $! > "$1/child.pid"
                echo $$ > "$1/hook.pid"
                pwd > "$1/workdir"
                : > "$1/smoke"
                wait
                """
            let quoted = script.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n")
            try """
                [upstream]
                url = "../up"
                [mirror]
                repository = "mirror.git"
                remote = "../origin.git"
                [smoke]
                on = "new-releases"
                command = ["sh", "-c", "\(quoted)", "sh", "\(markers)"]
                timeout-seconds = 900
                [report]
                directory = "reports"

                """.write(toFile: work + "/release-mirror.toml", atomically: true, encoding: .utf8)
        }

        func marker(_ name: String) -> String { markers + "/" + name }

        func pid(_ name: String) -> pid_t? {
            (try? String(contentsOfFile: marker(name), encoding: .utf8)).flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }

        /// Smoke checkouts left in the tool's temporary directory.
        var leftoverCheckouts: [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: scratch)) ?? []).filter { $0.hasPrefix("release-mirror-smoke-") }
        }

        func environment(pause: String?) -> [String: String] {
            var extra = ["TMPDIR": scratch]
            if let pause { extra["RELEASE_MIRROR_TEST_PAUSE"] = "\(pause):\(marker(pause))" }
            return Tool.environment(extra)
        }
    }

    /// A `release-mirror` process running in the background, its output in files.
    final class Running {
        let process = Process()
        let out: String
        let err: String

        init(
            _ arguments: [String], in directory: String, environment: [String: String], logs: String, shell: String? = nil
        ) throws {
            out = logs + "/stdout"
            err = logs + "/stderr"
            _ = FileManager.default.createFile(atPath: out, contents: nil)
            _ = FileManager.default.createFile(atPath: err, contents: nil)
            if let shell {
                // `sh -c '<shell>; exec "$0" "$@"' release-mirror arguments…`
                process.executableURL = URL(fileURLWithPath: "/bin/sh")
                process.arguments = ["-c", shell + "; exec \"$0\" \"$@\"", Tool.binary] + arguments
            } else {
                process.executableURL = URL(fileURLWithPath: Tool.binary)
                process.arguments = arguments
            }
            process.currentDirectoryURL = URL(fileURLWithPath: directory)
            process.environment = environment
            process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }

        var output: String {
            ((try? String(contentsOfFile: out, encoding: .utf8)) ?? "") + ((try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
        }

        /// Waits up to `seconds` for `path` to exist (false when the process ends first).
        func waitFor(_ path: String, seconds: Double) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if FileManager.default.fileExists(atPath: path) { return true }
                if !process.isRunning { return FileManager.default.fileExists(atPath: path) }
                usleep(20_000)
            }
            return false
        }

        /// Waits up to `seconds` for the exit; kills the process when it does not come.
        func waitForExit(seconds: Double) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while process.isRunning && Date() < deadline { usleep(20_000) }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                return false
            }
            process.waitUntilExit()
            return true
        }
    }

    /// Whether `pid` is gone (or a zombie nobody reaped yet).
    static func isGone(_ pid: pid_t) -> Bool {
        if kill(pid, 0) != 0 { return errno == ESRCH }
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        guard let close = stat.lastIndex(of: ")") else { return true }
        return stat[stat.index(close, offsetBy: 2)...].hasPrefix("Z")
    }

    static func eventually(_ seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            if condition() { return true }
            usleep(50_000)
        } while Date() < deadline
        return condition()
    }

    static let names: [Int32: String] = [SIGTERM: "TERM", SIGINT: "INT", SIGHUP: "HUP"]

    @Test(arguments: ["fetch", "smoke", "push"], [SIGTERM, SIGINT, SIGHUP])
    func interruptedSyncCleansUpAndTheReRunCompletes(stage: String, signal: Int32) throws {
        let rig = try Rig()
        let name = Self.names[signal] ?? "\(signal)"
        // Only the smoke case keeps its hook waiting.
        if stage != "smoke" { _ = FileManager.default.createFile(atPath: rig.marker("pass"), contents: nil) }
        let run = try Running(
            ["sync"], in: rig.work, environment: rig.environment(pause: stage == "smoke" ? nil : stage), logs: rig.tmp.path)
        defer {
            if run.process.isRunning { kill(run.process.processIdentifier, SIGKILL) }
            if let hook = rig.pid("hook.pid"), !Self.isGone(hook) { kill(-hook, SIGKILL) }  // never leave one behind
        }
        let reached = run.waitFor(rig.marker(stage), seconds: 60)
        #expect(reached, "SIG\(name): the run never reached the \(stage) stage: \(run.output)")
        guard reached else { return }

        let sent = Date()
        kill(run.process.processIdentifier, signal)
        let exited = run.waitForExit(seconds: 20)
        let elapsed = Date().timeIntervalSince(sent)
        let reason = run.process.terminationReason == .exit ? "exit" : "signal"
        print("signal-case \(stage) SIG\(name): \(reason) \(run.process.terminationStatus) after \(String(format: "%.2f", elapsed)) s")
        #expect(exited, "SIG\(name) during \(stage): still running 20 s later: \(run.output)")
        #expect(elapsed < 15, "SIG\(name) during \(stage): took \(elapsed) s")
        #expect(
            run.process.terminationReason == .exit && run.process.terminationStatus == 128 + signal,
            "SIG\(name) during \(stage): \(reason) \(run.process.terminationStatus), expected exit \(128 + signal): \(run.output)")

        if stage == "smoke" {
            for file in ["hook.pid", "child.pid"] {
                guard let pid = rig.pid(file) else {
                    Issue.record("no \(file)")
                    continue
                }
                #expect(Self.eventually(3) { Self.isGone(pid) }, "SIG\(name): the hook's \(file) \(pid) is still running")
                if !Self.isGone(pid) { kill(pid, SIGKILL) }
            }
            let workdir = (try? String(contentsOfFile: rig.marker("workdir"), encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            #expect(!workdir.isEmpty && !FileManager.default.fileExists(atPath: workdir), "SIG\(name): checkout \(workdir) left")
        }
        #expect(rig.leftoverCheckouts.isEmpty, "SIG\(name) during \(stage): checkouts left: \(rig.leftoverCheckouts)")
        #expect(try Repo.lockIsFree(rig.mirror), "SIG\(name) during \(stage): the run lock is still held")
        #expect(Repo.lockFiles(rig.mirror).isEmpty, "SIG\(name) during \(stage): mirror locks \(Repo.lockFiles(rig.mirror))")
        #expect(Repo.lockFiles(rig.origin).isEmpty, "SIG\(name) during \(stage): origin locks \(Repo.lockFiles(rig.origin))")

        // The re-run completes: every release mirrored, smoked and published.
        _ = FileManager.default.createFile(atPath: rig.marker("pass"), contents: nil)
        let again = try Tool.run(["sync"], in: rig.work, environment: ["TMPDIR": rig.scratch], timeout: 120)
        #expect(again.status == 0, "SIG\(name) during \(stage): the re-run: \(again.output)")
        let tags = rig.upstream.releases.map { "refs/tags/" + $0.tag }
        let originTags = try Repo.refs(rig.origin, prefix: "refs/tags/")
        #expect(tags.allSatisfy { originTags[$0] != nil }, "SIG\(name) during \(stage): origin has \(originTags.keys.sorted())")
        #expect(Repo.integrityProblems(rig.origin).isEmpty && Repo.integrityProblems(rig.mirror).isEmpty)
        #expect(rig.leftoverCheckouts.isEmpty)
    }

    /// A run killed outright (SIGKILL, a power cut) while libgit2 wrote a ref into a path origin
    /// leaves that ref's `.lock` there. The next run removes the lock files it left itself and
    /// pushes; a lock file of a ref it was not pushing (someone else's) is left alone.
    @Test func aStaleRefLockAKilledPushLeftInAPathOriginIsRecovered() throws {
        let rig = try Rig()
        _ = FileManager.default.createFile(atPath: rig.marker("pass"), contents: nil)
        let run = try Running(["sync"], in: rig.work, environment: rig.environment(pause: "push"), logs: rig.tmp.path)
        defer { if run.process.isRunning { kill(run.process.processIdentifier, SIGKILL) } }
        let reached = run.waitFor(rig.marker("push"), seconds: 60)
        #expect(reached, "the run never reached the push: \(run.output)")
        kill(run.process.processIdentifier, SIGKILL)
        _ = run.waitForExit(seconds: 20)
        // What libgit2 had in flight at the kill: the lock of the branch it was writing.
        try FileManager.default.createDirectory(atPath: rig.origin + "/refs/heads", withIntermediateDirectories: true)
        let inFlight = rig.origin + "/refs/heads/upstream-main.lock"
        _ = FileManager.default.createFile(atPath: inFlight, contents: Data("0000\n".utf8))
        let foreign = rig.origin + "/refs/heads/someone-else.lock"
        _ = FileManager.default.createFile(atPath: foreign, contents: Data("0000\n".utf8))

        let again = try Tool.run(["sync"], in: rig.work, environment: ["TMPDIR": rig.scratch], timeout: 120)
        #expect(again.status == 0, "the re-run: \(again.output)")
        #expect(!again.output.contains("failed to lock"), "\(again.output)")
        #expect(!FileManager.default.fileExists(atPath: inFlight), "the lock the killed run left is removed")
        #expect(FileManager.default.fileExists(atPath: foreign), "a lock of a ref the run does not write is kept")
        let mirrorMain = try Repo.refs(rig.mirror, prefix: "refs/heads/upstream-main")
        let originMain = try Repo.refs(rig.origin, prefix: "refs/heads/upstream-main")
        #expect(!mirrorMain.isEmpty && originMain == mirrorMain, "origin \(originMain), mirror \(mirrorMain)")

        // A lock no killed run of ours left (the journal is empty now) is someone else's: kept,
        // and the error says what to do instead of promising that the next run pushes.
        _ = try rig.upstream.commit("after the recovery")
        _ = FileManager.default.createFile(atPath: inFlight, contents: Data("0000\n".utf8))
        let blocked = try Tool.run(["sync"], in: rig.work, environment: ["TMPDIR": rig.scratch], timeout: 120)
        #expect(blocked.status == 1, "\(blocked.output)")
        #expect(blocked.stderr.contains("upstream-main.lock exists: another process is writing that ref"), "\(blocked.stderr)")
        #expect(!blocked.stderr.contains("the next run pushes again"), "\(blocked.stderr)")
        #expect(FileManager.default.fileExists(atPath: inFlight), "another writer's lock is never removed")
    }

    /// Started with SIGHUP ignored (`nohup`), a run keeps ignoring it; SIGTERM still stops it.
    @Test func aHangupIgnoredAtStartStaysIgnored() throws {
        let rig = try Rig()
        let run = try Running(["sync"], in: rig.work, environment: rig.environment(pause: nil), logs: rig.tmp.path, shell: "trap '' HUP")
        defer {
            if run.process.isRunning { kill(run.process.processIdentifier, SIGKILL) }
            if let hook = rig.pid("hook.pid"), !Self.isGone(hook) { kill(-hook, SIGKILL) }
        }
        #expect(run.waitFor(rig.marker("smoke"), seconds: 60), "\(run.output)")
        kill(run.process.processIdentifier, SIGHUP)
        usleep(1_000_000)
        #expect(run.process.isRunning, "a hangup ignored at start ended the run: \(run.output)")
        kill(run.process.processIdentifier, SIGTERM)
        #expect(run.waitForExit(seconds: 20))
        #expect(run.process.terminationReason == .exit && run.process.terminationStatus == 143, "\(run.output)")
        #expect(rig.leftoverCheckouts.isEmpty)
    }
}

