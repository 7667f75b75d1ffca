import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// `sync` with smoke and break reports, and `smoke <ref> [--record]`, through the built binary:
/// a generated upstream with a broken release, a bare origin, a real HTTP GitHub on loopback.
@Suite struct SmokeCLITests {
    let binary = Products.executable("release-mirror")
    static let token = "ghp_CLI0123456789abcdefFAKETOKEN"

    struct Mirror {
        let tmp: TemporaryDirectory
        let upstream: Upstream
        let config: String
        let origin: String
        var broken: Upstream.Release { upstream.releases[2] }
    }

    /// An upstream of 4 releases whose third one fails `tools/smoke.py`, a bare origin, a config.
    func makeMirror(command: [String] = ["python3", "tools/smoke.py"], github: Bool = true, timeout: Int = 120) throws -> Mirror {
        let tmp = TemporaryDirectory("rm-smoke-cli")
        let upstream = try Upstream.generate(at: tmp.url("up"), ["--commits", "16", "--releases", "4", "--broken-at", "2", "--unrelated", "0"])
        try Shell.git("init", "-q", "--bare", tmp.url("origin.git"), in: tmp.path)
        let config = tmp.url("release-mirror.toml")
        let mirror = Mirror(tmp: tmp, upstream: upstream, config: config, origin: tmp.url("origin.git"))
        try writeConfig(mirror, command: command, github: github, timeout: timeout)
        return mirror
    }

    func writeConfig(_ mirror: Mirror, command: [String], github: Bool = true, timeout: Int = 120, url: String = "up") throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let argv = String(decoding: try encoder.encode(command), as: UTF8.self)
        let text = """
            [upstream]
            url = "\(url)"
            [mirror]
            repository = "mirror.git"
            remote = "origin.git"
            [smoke]
            command = \(argv)
            timeout-seconds = \(timeout)
            env = ["PATH", "HOME", "LANG", "SMOKE_OUT"]
            [report]
            github-repository = "\(github ? "acme/mirror" : "")"
            directory = "reports"
            """
        try text.write(toFile: mirror.config, atomically: true, encoding: .utf8)
    }

    func environment(_ server: FakeGitHub?, _ extra: [String: String] = [:]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["GITHUB_TOKEN"] = SmokeCLITests.token
        env["GITHUB_ACTIONS"] = nil
        if let server { env["GITHUB_API_URL"] = server.apiURL }
        for (key, value) in extra { env[key] = value }
        return env
    }

    /// Runs the binary; the wait happens on a Dispatch thread, so this suite's waits never hold
    /// a thread of the Swift concurrency pool (other tests' smoke runs need it).
    func run(_ mirror: Mirror, _ arguments: [String], _ env: [String: String]) async throws -> ProcessResult {
        let argv = [binary, "--config", mirror.config] + arguments
        let directory = mirror.tmp.path
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try Shell.run(argv, in: directory, environment: env) })
            }
        }
    }

    func note(_ repository: String, _ tag: String) throws -> [String: Any] {
        let text = try Shell.git("notes", "--ref", "release-mirror", "show", tag + "^{commit}", in: repository)
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Every file under `directory`, concatenated.
    func contents(of directory: String) -> String {
        let files = FileManager.default.enumerator(atPath: directory)?.allObjects.compactMap { $0 as? String } ?? []
        return files.compactMap { try? String(contentsOfFile: directory + "/" + $0, encoding: .utf8) }.joined(separator: "\n")
    }

    @Test func syncWithABrokenReleaseExits4MirrorsEverythingPushesNotesAndFilesOneIssue() async throws {
        let m = try makeMirror()
        let server = try FakeGitHub(token: SmokeCLITests.token)
        let result = try await run(m, ["sync"], environment(server))
        #expect(result.status == 4, "\(result.output)")

        // The mirror is faithful: every tag and release branch exists on origin, the broken one too.
        let origin = try Shell.git("for-each-ref", "--format=%(refname)", in: m.origin)
        for release in m.upstream.releases {
            #expect(origin.contains("refs/tags/" + release.tag))
            #expect(origin.contains("refs/heads/release/v" + release.version))
        }
        // Notes were pushed with the rest, one per release, the broken one failed.
        #expect(origin.contains("refs/notes/release-mirror"))
        for (index, release) in m.upstream.releases.enumerated() {
            let note = try note(m.origin, release.tag)
            #expect(note["status"] as? String == (index == 2 ? "failed" : "passed"), "\(release.tag): \(note)")
            #expect(note["tool_version"] as? String != nil)
            #expect((note["command"] as? [String]) == ["python3", "tools/smoke.py"])
        }

        // One issue, with the marker, the triage and the compiler error.
        let state = try server.state()
        #expect(state.issues.count == 1)
        let issue = try #require(state.issues.first)
        #expect(issue.body.contains("<!-- release-mirror:fingerprint=smoke-failed:\(m.broken.tag) -->"))
        #expect(issue.body.contains("**Triage: `upstream-break`**"))
        #expect(issue.body.contains("error TS2304"))
        #expect(issue.labels == ["sync", "upstream-break"])

        // Printed on stdout, and kept in the directory sink; the summary says where it went.
        #expect(result.stdout.contains("<!-- release-mirror:fingerprint=smoke-failed:\(m.broken.tag) -->"))
        #expect(result.stdout.split(separator: "\n").contains { $0.hasPrefix("  smoke failed ") && $0.contains(" refs/tags/\(m.broken.tag) ") })
        #expect(result.stdout.contains("report: smoke-failed:\(m.broken.tag): opened issue #1"))
        #expect(result.stderr.contains("│ src/index.ts(3,14): error TS2304"), "smoke output is streamed")
        let stem = "smoke-failed__moonshot-ai_kimi-code_\(m.broken.version)"
        #expect(FileManager.default.fileExists(atPath: m.tmp.url("reports/\(stem).md")))
        #expect(FileManager.default.fileExists(atPath: m.tmp.url("reports/\(stem).json")))
        #expect(!(result.output + contents(of: m.tmp.url("reports"))).contains(SmokeCLITests.token))

        // Twice in a row: nothing to do the second time.
        let second = try await run(m, ["sync"], environment(server))
        #expect(second.status == 0, "\(second.output)")
        #expect(second.stdout.contains("up to date"))
        #expect(try server.state().issues.count == 1)

        // `smoke --record` of the broken tag: the same failure comments on the open issue.
        let again = try await run(m, ["smoke", m.broken.tag, "--record"], environment(server))
        #expect(again.status == 4, "\(again.output)")
        #expect(again.stdout.contains("triage: upstream-break"))
        #expect(again.stdout.contains("report: smoke-failed:\(m.broken.tag): commented on issue #1"))
        #expect(try server.state().issues[0].comments.count == 1)

        // Once the hook passes for that tag, the issue is closed and the new note is pushed.
        try writeConfig(m, command: ["sh", "-c", "exit 0"])
        let fixed = try await run(m, ["smoke", m.broken.tag, "--record"], environment(server))
        #expect(fixed.status == 0, "\(fixed.output)")
        #expect(fixed.stdout.contains("report: smoke-failed:\(m.broken.tag): closed issue #1"))
        let closed = try server.state().issues[0]
        #expect(closed.state == "closed")
        #expect(closed.comments.last?.contains("Smoke **passed**") == true)
        #expect(try note(m.origin, m.broken.tag)["status"] as? String == "passed", "the note was pushed")
        let authorized = try server.state().requests.allSatisfy { $0.authorized }
        #expect(authorized)
    }

    @Test func aHeldRewriteOpensOneReportAndAcceptRewriteClosesIt() async throws {
        let m = try makeMirror(command: ["true"])
        let server = try FakeGitHub(token: SmokeCLITests.token)
        let env = environment(server)
        let first = try await run(m, ["sync"], env)
        #expect(first.status == 0, "the hook is `true`: every release passes\n\(first.output)")
        // Upstream force-pushes: two commits dropped, one added.
        try Shell.git("reset", "-q", "--hard", "HEAD~2", in: m.upstream.path)
        let rewritten = try m.upstream.commit("feat: rewritten")
        let held = try await run(m, ["sync"], env)
        #expect(held.status == 3, "\(held.output)")
        #expect(held.stdout.contains("report: history-rewritten:upstream-main: opened issue #1"))
        let issue = try #require(try server.state().issues.first)
        #expect(issue.body.contains("release-mirror accept-rewrite \(rewritten)"))
        #expect(issue.body.contains("refs/release-mirror/quarantine/"))

        // Held again on the next run: a comment, not a twin.
        let still = try await run(m, ["sync"], env)
        #expect(still.status == 3)
        #expect(try server.state().issues.count == 1)

        let accepted = try await run(m, ["accept-rewrite", rewritten], env)
        #expect(accepted.status == 0, "\(accepted.output)")
        #expect(accepted.stdout.contains("report: history-rewritten:upstream-main: closed issue #1"))
        let closed = try #require(try server.state().issues.first)
        #expect(closed.state == "closed")
        #expect(closed.comments.last?.contains("The rewrite was accepted") == true)
        #expect(try await run(m, ["sync"], env).status == 0)
    }

    @Test func aFailedSyncOpensSyncFailedAndTheNextGoodRunClosesIt() async throws {
        let m = try makeMirror(command: ["true"])
        let server = try FakeGitHub(token: SmokeCLITests.token)
        let env = environment(server)
        #expect(try await run(m, ["sync"], env).status == 0)
        try writeConfig(m, command: ["true"], url: "gone")
        let failed = try await run(m, ["sync"], env)
        #expect(failed.status == 1, "\(failed.output)")
        #expect(failed.stdout.contains("report: sync-failed:upstream-main: opened issue #1"), "\(failed.output)")
        let issue = try #require(try server.state().issues.first)
        #expect(issue.title == "Sync failed: upstream-main")
        #expect(issue.body.contains("**Triage: `environment`**"))
        #expect(issue.body.contains("gone"), "the error names the upstream")

        try writeConfig(m, command: ["true"])
        let good = try await run(m, ["sync"], env)
        #expect(good.status == 0, "\(good.output)")
        #expect(good.stdout.contains("up to date"))
        #expect(good.stdout.contains("report: sync-failed:upstream-main: closed issue #1"), "\(good.output)")
        #expect(try server.state().issues.first?.state == "closed")
    }

    @Test func aPermanentGitHubFailureStillPrintsAndKeepsTheReport() async throws {
        let m = try makeMirror()
        let server = try FakeGitHub(token: SmokeCLITests.token)
        try server.failNext(1000, status: 502, retryAfter: "0")
        let result = try await run(m, ["sync"], environment(server))
        #expect(result.status == 4, "\(result.output)")
        #expect(try server.state().issues.isEmpty)
        #expect(result.stdout.contains("<!-- release-mirror:fingerprint=smoke-failed:\(m.broken.tag) -->"), "printed")
        #expect(result.stdout.contains("NOT filed on GitHub (HTTP 502)"))
        #expect(result.stderr.contains("error: GitHub: list open issues of acme/mirror: HTTP 502 after 5 attempt(s)"), "\(result.stderr)")
        let stem = "smoke-failed__moonshot-ai_kimi-code_\(m.broken.version)"
        let markdown = try String(contentsOfFile: m.tmp.url("reports/\(stem).md"), encoding: .utf8)
        #expect(markdown.contains("error TS2304"))
        #expect(!(result.output + contents(of: m.tmp.url("reports"))).contains(SmokeCLITests.token))
    }

    @Test func aHangingHookTimesOutWithExit4AndLeavesNoProcessBehind() async throws {
        let m = try makeMirror(
            command: ["sh", "-c", "trap '' TERM; (trap '' TERM; exec sleep 311) & echo $! > \"$SMOKE_OUT/bg.pid\"; sleep 311"],
            github: false, timeout: 1)
        try FileManager.default.createDirectory(atPath: m.tmp.url("out"), withIntermediateDirectories: true)
        let started = Date()
        let result = try await run(m, ["sync", "--json"], environment(nil, ["SMOKE_OUT": m.tmp.url("out")]))
        #expect(result.status == 4, "\(result.output)")
        #expect(Date().timeIntervalSince(started) < 240, "four hooks that would sleep 311 s each")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let smoke = try #require(json["smoke"] as? [[String: Any]])
        #expect(smoke.count == 4)
        #expect(smoke.allSatisfy { $0["status"] as? String == "timed-out" })
        let pid = try #require(Int32(try String(contentsOfFile: m.tmp.url("out/bg.pid"), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(kill(pid, 0) != 0 || (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?.contains(") Z ") == true)
        let leftovers = try Shell.run(["pgrep", "-f", "^sleep 311$"])
        let alive = leftovers.stdout.split(separator: "\n").compactMap { Int32($0) }.filter { candidate in
            // nothing else in the suite sleeps 311 s: any live one after the run is a leak
            (try? String(contentsOfFile: "/proc/\(candidate)/stat", encoding: .utf8))?.contains(") Z ") == false
        }
        #expect(alive.isEmpty, "no hook process left: \(alive)")
    }

    @Test func interruptingReleaseMirrorKillsTheRunningHook() async throws {
        let m = try makeMirror(
            command: ["sh", "-c", "trap '' INT TERM; echo $$ > \"$SMOKE_OUT/hook.pid\"; exec sleep 313"], github: false)
        let out = m.tmp.url("out")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let env = environment(nil, ["SMOKE_OUT": out])
        #expect(try await run(m, ["sync", "--no-smoke"], env).status == 0)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--config", m.config, "smoke", m.upstream.releases[0].tag]
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        let pidFile = out + "/hook.pid"
        var hook: Int32?
        for _ in 0..<200 where hook == nil {
            hook = (try? String(contentsOfFile: pidFile, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            usleep(50_000)
        }
        let pid = try #require(hook, "the hook started")
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 128 + SIGINT, "exits like a shell reports SIGINT")
        var dead = false
        for _ in 0..<60 where !dead {
            let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
            dead = kill(pid, 0) != 0 || stat?.contains(") Z ") == true
            if !dead { usleep(50_000) }
        }
        #expect(dead, "the hook (which ignores SIGINT and SIGTERM) died with release-mirror")
    }

    @Test func smokeCommandPassesATagWithShellMetacharactersOnlyAsAValue() async throws {
        let m = try makeMirror(command: ["sh", "-c", "printf '%s' \"$RELEASE_MIRROR_REF\" > \"$SMOKE_OUT/ref.txt\""], github: false)
        let out = m.tmp.url("out")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let env = environment(nil, ["SMOKE_OUT": out])
        let sync = try await run(m, ["sync", "--no-smoke"], env)
        #expect(sync.status == 0, "\(sync.output)")
        let name = "evil;$(touch${IFS}\(out)/pwned)`touch${IFS}\(out)/pwned2`&&id"
        try Shell.git("tag", name, "refs/heads/upstream-main", in: m.tmp.url("mirror.git"))
        let result = try await run(m, ["smoke", name], env)
        #expect(result.status == 0, "\(result.output)")
        #expect(try String(contentsOfFile: out + "/ref.txt", encoding: .utf8) == "refs/tags/" + name)
        #expect(!FileManager.default.fileExists(atPath: out + "/pwned"))
        #expect(!FileManager.default.fileExists(atPath: out + "/pwned2"))
        #expect(result.stdout.contains("smoke passed: refs/tags/\(name)"))
        // Without --record nothing is written.
        #expect(try Shell.git("for-each-ref", "refs/notes/", in: m.tmp.url("mirror.git")).isEmpty)

        let unknown = try await run(m, ["smoke", "no-such-ref"], env)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("\"no-such-ref\" is not a tag, branch or commit"))
        let help = try Shell.run([binary, "--help"])
        #expect(help.stdout.contains("smoke"))
    }
}
