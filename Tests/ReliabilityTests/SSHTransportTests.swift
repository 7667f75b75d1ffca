import Foundation
import Testing
import TestSupport

/// The tool against a real OpenSSH server (libgit2's libssh2 transport): the key from
/// RELEASE_MIRROR_SSH_KEY, a bounded authentication loop with a wrong key, and host-key checking
/// against `$HOME/.ssh/known_hosts`. The built binary runs with an explicit HOME (libssh2 reads
/// known_hosts from there), so the test process's own HOME is never touched.
@Suite(.serialized) struct SSHTransportTests {
    static let generator = ["--commits", "60", "--releases", "4", "--unrelated", "2"]

    /// A scenario served by a fresh sshd, and a HOME whose known_hosts holds `knownHosts`.
    struct Fixture {
        let scenario: MirrorScenario
        let server: SSHServer
        let home: String

        init(_ label: String, knownHosts: ((SSHServer) -> String)? = nil) throws {
            scenario = try MirrorScenario(label, generator: SSHTransportTests.generator)
            server = try SSHServer(directory: scenario.tmp.url("sshd"))
            home = scenario.tmp.url("home")
            try FileManager.default.createDirectory(atPath: home + "/.ssh", withIntermediateDirectories: true)
            let lines = knownHosts.map { $0(server) } ?? server.knownHostsLine
            try lines.write(toFile: home + "/.ssh/known_hosts", atomically: true, encoding: .utf8)
            try scenario.writeConfig(upstream: server.url(scenario.upstreamPath), remote: server.url(scenario.originPath))
        }

        /// `release-mirror sync` with this HOME, the given key, and no SSH agent to fall back on.
        func sync(key: String?, timeout: Double = 60) throws -> TimedResult {
            var env = ["HOME": home, "SSH_AUTH_SOCK": scenario.tmp.url("no-agent.sock")]
            if let key { env["RELEASE_MIRROR_SSH_KEY"] = key }
            return try scenario.tool(["sync"], environment: env, timeout: timeout)
        }

        /// Refs the tool wrote anywhere: the origin's, and the local mirror's (if it was created).
        func writtenRefs() throws -> [String: String] {
            var refs = try Repo.refs(scenario.originPath)
            if FileManager.default.fileExists(atPath: scenario.mirrorPath + "/HEAD") {
                for (name, id) in try Repo.contentRefs(scenario.mirrorPath) { refs["mirror:" + name] = id }
            }
            return refs
        }
    }

    @Test func fetchAndPushOverSSHWithTheConfiguredKey() throws {
        let fixture = try Fixture("rm-ssh")
        let scenario = fixture.scenario
        let offset = fixture.server.log.utf8.count
        let first = try fixture.sync(key: fixture.server.authorizedKey)
        #expect(first.status == 0, "\(first.output)\nsshd:\n\(fixture.server.log)")
        #expect(!first.timedOut)
        let upstreamTags = try scenario.upstreamReleaseTags()
        #expect(upstreamTags.count == scenario.upstream.releases.count)
        let origin = try Repo.refs(scenario.originPath)
        for (tag, id) in upstreamTags { #expect(origin[tag] == id, "pushed \(tag) over SSH with its upstream object") }
        #expect(origin["refs/heads/upstream-main"] == (try Repo.refs(scenario.upstreamPath))["refs/heads/main"])
        #expect(first.stderr.contains("push ") && first.stderr.contains(fixture.server.url(scenario.originPath)), "\(first.stderr)")

        let log = fixture.server.log(since: offset)
        let accepted = log.components(separatedBy: "Accepted publickey for \(fixture.server.user)").count - 1
        #expect(accepted >= 2, "both the fetch and the push logged in with the key:\n\(log)")
        #expect(!log.contains("Failed publickey"), "\(log)")
        #expect(log.contains("git-upload-pack") || log.contains("Starting session: command"), "\(log)")

        let again = try fixture.sync(key: fixture.server.authorizedKey)
        #expect(again.status == 0 && again.stdout.hasPrefix("up to date"), "\(again.output)")
        #expect(try Repo.refs(scenario.originPath) == origin)
    }

    @Test func aWrongKeyFailsFastWithABoundedNumberOfAttempts() throws {
        let fixture = try Fixture("rm-ssh-auth")
        let offset = fixture.server.log.utf8.count
        let result = try fixture.sync(key: fixture.server.unknownKey, timeout: 30)
        #expect(!result.timedOut, "the authentication loop must end on its own")
        #expect(result.status == 1, "\(result.output)")
        #expect(result.elapsed < 5, "fails fast, no retry loop: \(result.elapsed) s")
        #expect(result.stderr.contains("authentication failed"), "\(result.stderr)")
        #expect(result.stderr.contains(fixture.server.url(fixture.scenario.originPath)), "names the URL: \(result.stderr)")
        let log = fixture.server.log(since: offset)
        let connections = log.components(separatedBy: "Connection from ").count - 1
        let failures = log.components(separatedBy: "Failed publickey for \(fixture.server.user)").count - 1
        #expect(connections >= 1 && connections <= 2, "connections: \(connections)\n\(log)")
        #expect(failures >= 1 && failures <= 2, "refused key attempts: \(failures)\n\(log)")
        #expect(!log.contains("Accepted publickey") && !log.contains("Too many authentication failures"), "\(log)")
        #expect(try fixture.writtenRefs().isEmpty)

        // No key and no agent: just as fast, and says authentication is what failed.
        let none = try fixture.sync(key: nil, timeout: 30)
        #expect(none.status == 1 && !none.timedOut, "\(none.output)")
        #expect(none.elapsed < 5, "\(none.elapsed) s")
        #expect(none.stderr.lowercased().contains("auth"), "\(none.stderr)")
        #expect(try fixture.writtenRefs().isEmpty)
    }

    @Test func anUnknownOrChangedHostKeyIsRefusedBeforeAnyKeyIsOffered() throws {
        let fixture = try Fixture("rm-ssh-hostkey", knownHosts: { _ in "" })
        let offset = fixture.server.log.utf8.count
        let unknown = try fixture.sync(key: fixture.server.authorizedKey, timeout: 30)
        #expect(unknown.status == 1 && !unknown.timedOut, "\(unknown.output)")
        #expect(unknown.elapsed < 5, "\(unknown.elapsed) s")
        let message = unknown.stderr.lowercased()
        #expect(message.contains("hostkey") || message.contains("host key"), "\(unknown.stderr)")
        #expect(unknown.stderr.contains(fixture.server.url(fixture.scenario.originPath)), "names the URL: \(unknown.stderr)")
        let log = fixture.server.log(since: offset)
        #expect(log.contains("Connection from "), "the server was reached: \(log)")
        #expect(!log.contains("publickey"), "no key is offered to an unverified host:\n\(log)")
        #expect(try fixture.writtenRefs().isEmpty)

        // A known_hosts entry for this host and port with another key: refused the same way.
        let other = try String(contentsOfFile: fixture.server.unknownKey + ".pub", encoding: .utf8)
            .split(separator: " ").prefix(2).joined(separator: " ")
        try "[127.0.0.1]:\(fixture.server.port) \(other)\n"
            .write(toFile: fixture.home + "/.ssh/known_hosts", atomically: true, encoding: .utf8)
        let changed = try fixture.sync(key: fixture.server.authorizedKey, timeout: 30)
        #expect(changed.status == 1 && !changed.timedOut, "\(changed.output)")
        #expect(changed.stderr.lowercased().contains("hostkey") || changed.stderr.lowercased().contains("host key"), "\(changed.stderr)")
        #expect(!fixture.server.log(since: offset).contains("publickey"))
        #expect(try fixture.writtenRefs().isEmpty)

        // The same run with the right known_hosts line succeeds (the refusal was the host key).
        try fixture.server.knownHostsLine.write(toFile: fixture.home + "/.ssh/known_hosts", atomically: true, encoding: .utf8)
        let trusted = try fixture.sync(key: fixture.server.authorizedKey)
        #expect(trusted.status == 0, "\(trusted.output)")
        #expect(try Repo.refs(fixture.scenario.originPath).count > 0)
    }
}
