import Foundation
import Testing
import TestSupport

/// The tool against a real git smart-HTTP server (`git http-backend` behind lighttpd) over TLS,
/// with basic auth on the origin (tokens never go over plain http, nor to upstream without
/// `upstream.token-env`: TokenRoleTests): token use, token secrecy, wrong tokens, server-side
/// hook rejections, TLS trust.
@Suite(.serialized) struct HTTPServerTests {
    static let generator = ["--commits", "60", "--releases", "4", "--unrelated", "2"]

    static func token() -> String { "rmtok-" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "") }

    @Test func fetchAndPushWithTheTokenAndTheTokenIsWrittenNowhere() throws {
        let scenario = try MirrorScenario("rm-http", generator: Self.generator)
        let token = Self.token()
        let server = try GitHTTPServer(root: scenario.served, token: token, tls: true, protectedPaths: ["/git/origin.git"])
        let ca = try #require(server.certificate)
        // Smoke runs too (its logs must not hold the token), with the token allowlisted by mistake.
        try scenario.writeConfig(
            upstream: server.url("up.git"), remote: server.url("origin.git"),
            extra: """
                [smoke]
                on = "new-releases"
                command = ["sh", "-c", "env; cat /proc/self/environ | tr '\\\\0' '\\\\n'; echo smoke-ok"]
                env = ["PATH", "HOME", "RELEASE_MIRROR_TOKEN", "GITHUB_TOKEN"]

                """)
        let summary = scenario.tmp.url("summary.md")
        let outputs = scenario.tmp.url("outputs.txt")
        let env = [
            "RELEASE_MIRROR_TOKEN": token, "RELEASE_MIRROR_CA_FILE": ca, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary, "GITHUB_OUTPUT": outputs,
        ]
        let first = try scenario.tool(["sync", "--verbose"], environment: env)
        #expect(first.status == 0, "\(first.output)")
        let upstreamTags = try scenario.upstreamReleaseTags()
        let origin = try Repo.refs(scenario.originPath)
        for (tag, id) in upstreamTags { #expect(origin[tag] == id, "pushed \(tag) over HTTP with its upstream object") }
        #expect(origin["refs/heads/upstream-main"] == (try Repo.refs(scenario.upstreamPath))["refs/heads/main"])
        #expect(first.stdout.components(separatedBy: "smoke passed").count - 1 == scenario.upstream.releases.count, "\(first.stdout)")
        let logs = (try? FileManager.default.contentsOfDirectory(atPath: scenario.work + "/reports/smoke-logs")) ?? []
        #expect(logs.count == scenario.upstream.releases.count, "one smoke log per release: \(logs)")
        let again = try scenario.tool(["sync"], environment: env)
        #expect(again.status == 0 && again.stdout.hasPrefix("up to date"), "\(again.output)")

        // The token (and its basic-auth encoding) appears nowhere the tool writes.
        let basic = Data("\(GitHTTPServer.user):\(token)".utf8).base64EncodedString()
        for needle in [token, basic] {
            #expect(!first.output.contains(needle) && !again.output.contains(needle), "printed")
            let hits = try Secrets.filesContaining(needle, under: scenario.tmp.path, skipping: [server.serverDirectory])
            #expect(hits.isEmpty, "found in \(hits)")
            for repository in [scenario.mirrorPath, scenario.originPath] {
                #expect(try !Secrets.objectsContain(needle, repository: repository), "in an object of \(repository)")
            }
        }
        let config = try String(contentsOfFile: scenario.mirrorPath + "/config", encoding: .utf8)
        #expect(!config.contains(token) && !config.contains("remote \""), "no remote or credential in .git/config:\n\(config)")
        #expect(FileManager.default.fileExists(atPath: summary) && FileManager.default.fileExists(atPath: outputs))
    }

    @Test func aWrongTokenFailsFastWithOneAttemptAndAClearMessage() throws {
        let scenario = try MirrorScenario("rm-http-auth", generator: Self.generator)
        let token = Self.token()
        let server = try GitHTTPServer(root: scenario.served, token: token, tls: true, protectedPaths: ["/git/origin.git"])
        let ca = try #require(server.certificate)
        try scenario.writeConfig(upstream: server.url("up.git"), remote: server.url("origin.git"))
        let wrong = Self.token()
        let result = try scenario.tool(["sync"], environment: ["RELEASE_MIRROR_TOKEN": wrong, "RELEASE_MIRROR_CA_FILE": ca], timeout: 60)
        #expect(result.status == 1, "\(result.output)")
        #expect(result.elapsed < 5, "fails fast, no replay loop: \(result.elapsed) s")
        #expect(result.stderr.contains("authentication failed"), "\(result.stderr)")
        #expect(result.stderr.contains(server.url("origin.git")), "names the URL: \(result.stderr)")
        #expect(!result.output.contains(wrong))
        #expect(server.refusedAuthentications >= 1 && server.refusedAuthentications <= 2, "server saw \(server.refusedAuthentications) refused logins")
        #expect(try Repo.refs(scenario.originPath).isEmpty)
        #expect(try Secrets.filesContaining(wrong, under: scenario.tmp.path, skipping: [server.serverDirectory]).isEmpty)

        // Without any token: just as fast, and says authentication is what failed.
        let none = try scenario.tool(["sync"], environment: ["RELEASE_MIRROR_CA_FILE": ca], timeout: 60)
        #expect(none.status == 1, "\(none.output)")
        #expect(none.elapsed < 5)
        #expect(none.stderr.lowercased().contains("auth"), "\(none.stderr)")
    }

    @Test func aPreReceiveRejectionIsReportedWithTheRefAndTheReason() throws {
        let scenario = try MirrorScenario("rm-http-hook", generator: Self.generator)
        let token = Self.token()
        let server = try GitHTTPServer(root: scenario.served, token: token, tls: true, protectedPaths: ["/git/origin.git"])
        let ca = try #require(server.certificate)
        try scenario.writeConfig(upstream: server.url("up.git"), remote: server.url("origin.git"))
        let victim = try #require(scenario.upstream.releases.dropFirst().first).tag
        let hook = scenario.originPath + "/hooks/pre-receive"
        try """
            #!/bin/sh
            while read old new ref; do
              if [ "$ref" = "refs/tags/\(victim)" ]; then
                echo "policy: $ref is frozen by the release freeze" >&2
                exit 1
              fi
            done
            exit 0

            """.write(toFile: hook, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook)

        let result = try scenario.tool(["sync"], environment: ["RELEASE_MIRROR_TOKEN": token, "RELEASE_MIRROR_CA_FILE": ca])
        #expect(result.status == 1, "\(result.output)")
        #expect(result.stderr.contains("refs/tags/\(victim)"), "names the ref: \(result.stderr)")
        #expect(result.stderr.contains("pre-receive hook declined"), "gives the server's reason: \(result.stderr)")
        #expect(result.stderr.contains("frozen by the release freeze"), "relays the hook's message: \(result.stderr)")
        #expect(try Repo.refs(scenario.originPath).isEmpty, "pre-receive declines the whole push")

        // A per-ref refusal (update hook): only that ref is refused, the others land.
        try FileManager.default.removeItem(atPath: hook)
        let update = scenario.originPath + "/hooks/update"
        try """
            #!/bin/sh
            if [ "$1" = "refs/tags/\(victim)" ]; then echo "policy: $1 is frozen" >&2; exit 1; fi
            exit 0

            """.write(toFile: update, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: update)
        let partial = try scenario.tool(["sync"], environment: ["RELEASE_MIRROR_TOKEN": token, "RELEASE_MIRROR_CA_FILE": ca])
        #expect(partial.status == 1, "\(partial.output)")
        #expect(partial.stderr.contains("refs/tags/\(victim)") && partial.stderr.contains("hook declined"), "\(partial.stderr)")
        let origin = try Repo.refs(scenario.originPath)
        #expect(origin["refs/tags/\(victim)"] == nil)
        #expect(origin.count == (try Repo.refs(scenario.mirrorPath).filter { !$0.key.hasPrefix("refs/release-mirror/upstream/") }.count) - 1,
                "every other ref landed")

        // Policy lifted: the next run pushes what is left and nothing else.
        try FileManager.default.removeItem(atPath: update)
        let last = try scenario.tool(["sync"], environment: ["RELEASE_MIRROR_TOKEN": token, "RELEASE_MIRROR_CA_FILE": ca])
        #expect(last.status == 0, "\(last.output)")
        #expect(try Repo.refs(scenario.originPath)["refs/tags/\(victim)"] == (try scenario.upstreamReleaseTags())["refs/tags/\(victim)"])
    }

    @Test func httpsWithASelfSignedCertificateNeedsTheCAConfigured() throws {
        let scenario = try MirrorScenario("rm-https", generator: Self.generator)
        let token = Self.token()
        let server = try GitHTTPServer(root: scenario.served, token: token, tls: true, protectedPaths: ["/git/origin.git"])
        try scenario.writeConfig(upstream: server.url("up.git"), remote: server.url("origin.git"))

        let refused = try scenario.tool(["sync"], environment: ["RELEASE_MIRROR_TOKEN": token], timeout: 60)
        #expect(refused.status == 1, "\(refused.output)")
        #expect(refused.stderr.contains("certificate"), "\(refused.stderr)")
        #expect(server.accessLog.isEmpty, "no request was sent over the untrusted connection: \(server.accessLog)")
        #expect(try Repo.refs(scenario.originPath).isEmpty)

        let missing = try scenario.tool(["sync"], environment: ["RELEASE_MIRROR_TOKEN": token, "RELEASE_MIRROR_CA_FILE": scenario.tmp.url("nope.pem")])
        #expect(missing.status == 2, "\(missing.output)")
        #expect(missing.stderr.contains("RELEASE_MIRROR_CA_FILE"), "\(missing.stderr)")

        let trusted = try scenario.tool(
            ["sync"], environment: ["RELEASE_MIRROR_TOKEN": token, "RELEASE_MIRROR_CA_FILE": try #require(server.certificate)])
        #expect(trusted.status == 0, "\(trusted.output)")
        #expect(try Repo.refs(scenario.originPath)["refs/heads/upstream-main"] != nil)
        #expect(!trusted.output.contains(token))
    }
}

/// Searches for a secret in files and git objects.
enum Secrets {
    /// Regular files under `root` (not following symlinks, skipping `skipping`) whose bytes contain `needle`.
    static func filesContaining(_ needle: String, under root: String, skipping: [String] = []) throws -> [String] {
        let bytes = Data(needle.utf8)
        var hits: [String] = []
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        while let relative = walker.nextObject() as? String {
            let path = root + "/" + relative
            if skipping.contains(where: { path == $0 || path.hasPrefix($0 + "/") }) {
                walker.skipDescendants()
                continue
            }
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            guard attributes?[.type] as? FileAttributeType == .typeRegular else { continue }
            if let data = FileManager.default.contents(atPath: path), data.range(of: bytes) != nil { hits.append(relative) }
        }
        return hits
    }

    /// Whether any object of `repository` (decompressed) contains `needle`.
    static func objectsContain(_ needle: String, repository: String) throws -> Bool {
        let result = try Tool.execute(
            ["git", "-C", repository, "cat-file", "--batch-all-objects", "--batch"], environment: Repo.gitEnvironment, timeout: 120)
        return result.stdout.contains(needle)
    }
}
