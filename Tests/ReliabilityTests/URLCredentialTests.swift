import Foundation
import Testing
import TestSupport

/// Credentials written into a URL (`https://user:SECRET@host/…`) in `upstream.url`, `mirror.remote`
/// or the remote's URL in the mirror's git config are shown nowhere: every sink the tool writes to
/// is collected and searched for each secret.
@Suite(.serialized) struct URLCredentialTests {
    static let generator = ["--commits", "20", "--releases", "3", "--broken-at", "1", "--unrelated", "1"]
    static let githubToken = "ghp_URLCRED0123456789abcdefFAKE"

    /// Everything one scenario's runs wrote, by sink.
    final class Sinks {
        private(set) var entries: [(sink: String, text: String)] = []
        func add(_ sink: String, _ text: String) { entries.append((sink, text)) }
        /// The outputs of one run: stdout, stderr, `::error::` annotations, step summary, outputs.
        func add(run label: String, _ result: TimedResult, summary: String, outputs: String) {
            add("\(label): stdout", result.stdout)
            add("\(label): stderr (step lines, error: lines)", result.stderr)
            let annotations = result.output.split(separator: "\n").filter { $0.hasPrefix("::") }.joined(separator: "\n")
            add("\(label): ::error::/::warning:: annotations", annotations)
            add("\(label): step summary", (try? String(contentsOfFile: summary, encoding: .utf8)) ?? "")
            add("\(label): GITHUB_OUTPUT", (try? String(contentsOfFile: outputs, encoding: .utf8)) ?? "")
            try? FileManager.default.removeItem(atPath: summary)
            try? FileManager.default.removeItem(atPath: outputs)
        }
    }

    static func secret(_ label: String) -> String { "S3CR\(label)-" + UUID().uuidString.replacingOccurrences(of: "-", with: "") }

    @Test func aSecretInAURLAppearsInNoSink() throws {
        let scenario = try MirrorScenario("rm-urlcred", generator: Self.generator)
        let server = try GitHTTPServer(root: scenario.served, token: Self.secret("srv"), protectedPaths: [])
        try Shell.git("config", "http.receivepack", "true", in: scenario.originPath)
        let github = try FakeGitHub(token: Self.githubToken)
        let upstreamSecret = Self.secret("up")
        let remoteSecret = Self.secret("remote")
        let configSecret = Self.secret("gitconfig")
        func withUserinfo(_ url: String, _ secret: String) -> String {
            url.replacingOccurrences(of: "://", with: "://x-access-token:\(secret)@")
        }
        let upstream = withUserinfo(server.url("up.git"), upstreamSecret)
        let remote = withUserinfo(server.url("origin.git"), remoteSecret)
        let extra = """
            [smoke]
            on = "new-releases"
            command = ["python3", "tools/smoke.py"]

            [report]
            github-repository = "acme/mirror"

            """
        func config(upstream: String, remote: String) throws {
            try scenario.writeConfig(upstream: upstream, remote: remote, extra: extra)
            // writeConfig's own [report] table holds `directory`; merge the two tables.
            let text = try String(contentsOfFile: scenario.configPath, encoding: .utf8)
                .replacingOccurrences(of: "\n[report]\ngithub-repository = \"acme/mirror\"\n", with: "\n")
                .replacingOccurrences(of: "[report]\n", with: "[report]\ngithub-repository = \"acme/mirror\"\n")
            try text.write(toFile: scenario.configPath, atomically: true, encoding: .utf8)
        }
        let summary = scenario.tmp.url("summary.md")
        let outputs = scenario.tmp.url("outputs.txt")
        let env = [
            "GITHUB_TOKEN": Self.githubToken, "GITHUB_API_URL": github.apiURL, "GITHUB_ACTIONS": "true",
            "GITHUB_STEP_SUMMARY": summary, "GITHUB_OUTPUT": outputs,
        ]
        let sinks = Sinks()
        func run(_ label: String, _ arguments: [String]) throws -> TimedResult {
            let result = try scenario.tool(arguments, environment: env, timeout: 120)
            sinks.add(run: label, result, summary: summary, outputs: outputs)
            return result
        }

        // 1. A sync that mirrors, smokes (one release fails: report to the directory and an issue),
        //    pushes, records: --verbose and --json.
        try config(upstream: upstream, remote: remote)
        let first = try run("sync --verbose", ["sync", "--verbose"])
        #expect(first.status == 4, "one release fails its smoke: \(first.output)")
        #expect(try Repo.refs(scenario.originPath)["refs/heads/upstream-main"] != nil, "pushed over the URL with userinfo")
        let tag = try #require(scenario.upstream.releases.first?.tag)
        _ = try run("smoke --record", ["smoke", tag, "--record", "--verbose"])
        _ = try run("status --json", ["status", "--json"])
        _ = try run("sync --json (up to date)", ["sync", "--json", "--verbose"])

        // 2. Failures naming the URLs: upstream unreachable (a sync-failed report), the remote
        //    unreachable, then `mirror.remote` naming a remote whose URL in git config has userinfo.
        let closed = "http://x-access-token:\(upstreamSecret)@127.0.0.1:\(freeLoopbackPort())/git/up.git"
        try config(upstream: closed, remote: remote)
        let down = try run("sync, upstream down", ["sync", "--json", "--verbose"])
        #expect(down.status == 1, "\(down.output)")
        _ = try run("status, upstream down", ["status"])
        let closedRemote = "http://x-access-token:\(remoteSecret)@127.0.0.1:\(freeLoopbackPort())/git/origin.git"
        try config(upstream: upstream, remote: closedRemote)
        let remoteDown = try run("sync, remote down", ["sync", "--json"])
        #expect(remoteDown.status == 1, "\(remoteDown.output)")
        try Shell.git(
            "remote", "add", "origin", "http://x-access-token:\(configSecret)@127.0.0.1:\(freeLoopbackPort())/git/origin.git",
            in: scenario.mirrorPath)
        try config(upstream: upstream, remote: "origin")
        let named = try run("sync, mirror.remote = origin", ["sync", "--verbose"])
        #expect(named.status == 1, "\(named.output)")
        #expect(named.stderr.contains("127.0.0.1"), "the error still names the host: \(named.stderr)")
        _ = try run("publish-tag --dry-run", ["publish-tag", "0.0.1", "--from", tag, "--dry-run"])

        // Files: the report directory (.md, .json), smoke logs; git objects: notes, sync records;
        // the issues and comments the GitHub API received.
        let reports = scenario.work + "/reports"
        let walker = FileManager.default.enumerator(atPath: reports)
        var reportFiles = 0
        while let relative = walker?.nextObject() as? String {
            guard let text = try? String(contentsOfFile: reports + "/" + relative, encoding: .utf8) else { continue }
            reportFiles += 1
            sinks.add("report directory: \(relative)", text)
        }
        #expect(reportFiles >= 3, "reports (.md, .json) and smoke logs were written")
        for issue in try github.state().issues {
            sinks.add("GitHub issue #\(issue.number)", ([issue.title, issue.body] + issue.comments).joined(separator: "\n"))
        }
        #expect(try !github.state().issues.isEmpty, "break reports were filed")
        let objects = try Tool.execute(
            ["git", "-C", scenario.mirrorPath, "cat-file", "--batch-all-objects", "--batch"], environment: Repo.gitEnvironment)
        sinks.add("mirror objects (notes, sync records)", objects.stdout)
        let originObjects = try Tool.execute(
            ["git", "-C", scenario.originPath, "cat-file", "--batch-all-objects", "--batch"], environment: Repo.gitEnvironment)
        sinks.add("origin objects", originObjects.stdout)
        // Every other file the tool wrote (the config and the mirror's git config hold the secrets
        // because the test put them there).
        let holders = [scenario.configPath, scenario.mirrorPath + "/config"]
        for secret in [upstreamSecret, remoteSecret, configSecret] {
            for hit in try Secrets.filesContaining(secret, under: scenario.tmp.path, skipping: [server.serverDirectory] + holders) {
                Issue.record("\(secret.prefix(10))… written to \(hit)")
            }
        }

        #expect(sinks.entries.count > 30)
        for (sink, text) in sinks.entries {
            for secret in [upstreamSecret, remoteSecret, configSecret] {
                #expect(!text.contains(secret), "\(sink) shows \(secret.prefix(10))…:\n\(text.prefix(1500))")
            }
        }
        // The redacted form still says where: `scheme://***@host/…`.
        let shown = sinks.entries.map(\.text).joined(separator: "\n")
        #expect(shown.contains("://***@127.0.0.1:"), "URLs are shown with their userinfo masked")
    }
}
