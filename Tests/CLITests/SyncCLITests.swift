import Foundation
import Testing
import TestSupport

/// The built binary end to end: exit codes, stdout/stderr split, GitHub Actions files.
@Suite struct SyncCLITests {
    let binary = Products.executable("release-mirror")

    func makeMirror(_ tmp: TemporaryDirectory, releases: Int = 5) throws -> String {
        _ = try Upstream.generate(at: tmp.url("up"), ["--commits", "30", "--releases", "\(releases)"])
        try Shell.git("init", "-q", "--bare", tmp.url("origin.git"), in: tmp.path)
        let result = try Shell.run([binary, "init", "--upstream", "../up", "--remote", "../origin.git", tmp.url("mirror")] + ToolRefFixture.arguments)
        #expect(result.status == 0, "\(result.output)")
        return tmp.url("mirror")
    }

    @Test func badConfigPrintsOneLinePerProblemAndExits2() throws {
        let tmp = TemporaryDirectory()
        let cases: [(String, String)] = [
            ("[upstream]\nurl = \"x\"\ncolour = 1\n", "bad.toml:3: upstream.colour: unknown key"),
            ("[upstream]\nurl = \"x\"\n[smoke]\ntimeout-seconds = \"1\"\n", "bad.toml:4: smoke.timeout-seconds: must be an integer"),
            ("[mirror]\nbranch = \"b\"\n", "upstream.url: missing"),
            ("[upstream]\nurl = \"x\"\nrelease-tags = \"v1\"\n", "bad.toml:3: upstream.release-tags: \"v1\" must contain {version}"),
            ("[upstream]\nurl = \"x\"\nrelease-tags = \"a..{version}\"\n", "cannot be a valid ref name"),
        ]
        for (text, expected) in cases {
            try text.write(toFile: tmp.url("bad.toml"), atomically: true, encoding: .utf8)
            let result = try Shell.run([binary, "--config", tmp.url("bad.toml"), "sync"])
            #expect(result.status == 2, "\(text) → \(result.output)")
            #expect(result.stderr.contains(expected), "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
        let two = "[upstream]\nurl = 1\n[smoke]\non = \"sometimes\"\n"
        try two.write(toFile: tmp.url("bad.toml"), atomically: true, encoding: .utf8)
        let result = try Shell.run([binary, "sync", "--config", tmp.url("bad.toml")])
        #expect(result.status == 2)
        #expect(result.stderr.split(separator: "\n").count == 2)
    }

    @Test func syncJSONAndGitHubActionsOutputs() throws {
        let tmp = TemporaryDirectory()
        let mirror = try makeMirror(tmp)
        var env = ProcessInfo.processInfo.environment
        env["GITHUB_ACTIONS"] = "true"
        env["GITHUB_OUTPUT"] = tmp.url("out.txt")
        env["GITHUB_STEP_SUMMARY"] = tmp.url("summary.md")
        let result = try Shell.run([binary, "sync", "--json"], in: mirror, environment: env)
        #expect(result.status == 0, "\(result.output)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(json?["exit_status"] as? Int == 0)
        #expect((json?["plan"] as? [String: Any])?["new_releases"] as? [Any] != nil)
        let outputs = try String(contentsOfFile: tmp.url("out.txt"), encoding: .utf8)
        #expect(outputs.contains("new-tags=@moonshot-ai/kimi-code@0.2.0 "))
        #expect(outputs.contains("held=false"))
        #expect(outputs.contains("upstream-sha="))
        #expect(try String(contentsOfFile: tmp.url("summary.md"), encoding: .utf8).contains("create-tag"))
        let again = try Shell.run([binary, "sync"], in: mirror)
        #expect(again.status == 0)
        #expect(again.stdout.hasPrefix("up to date"))
    }

    @Test func aSecondRunExits6NamingTheHolder() throws {
        let tmp = TemporaryDirectory()
        let mirror = try makeMirror(tmp)
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: Products.executable("git-probe"))
        holder.arguments = ["lock", mirror + "/.git", "30"]
        let out = Pipe()
        holder.standardOutput = out
        try holder.run()
        defer { kill(holder.processIdentifier, SIGKILL) }
        _ = out.fileHandleForReading.availableData
        let result = try Shell.run([binary, "sync"], in: mirror)
        #expect(result.status == 6, "\(result.output)")
        #expect(result.stderr.contains("process \(holder.processIdentifier)"))
        #expect(result.stderr.contains("--lock-timeout"))
    }

    @Test func statusMaxAgeExits7WhenStale() throws {
        let tmp = TemporaryDirectory()
        let mirror = try makeMirror(tmp)
        let never = try Shell.run([binary, "status", "--max-age", "36h"], in: mirror)
        #expect(never.status == 7, "\(never.output)")
        #expect(try Shell.run([binary, "sync"], in: mirror).status == 0)
        let fresh = try Shell.run([binary, "status", "--max-age", "36h", "--json"], in: mirror)
        #expect(fresh.status == 0, "\(fresh.output)")
        #expect(fresh.stdout.contains("\"newest_tag\""))
        #expect(try Shell.run([binary, "status", "--max-age", "soon"], in: mirror).status == 2)
        let conflicting = try Shell.run([binary, "sync", "--push-only", "--no-push"], in: mirror)
        #expect(conflicting.status == 2)
        #expect(conflicting.stderr.contains("--push-only"))
    }
}
