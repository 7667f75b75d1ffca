import Foundation
import Testing
import TestSupport

/// Each token goes to its role only: the push token (`RELEASE_MIRROR_TOKEN`, else the variable named
/// by `report.token-env`) only to `mirror.remote`; upstream gets a token only from the variable
/// `upstream.token-env` names; never over plain `http://`, never after a redirect to another host.
/// A real server (lighttpd + git http-backend) answers 401 on the protected repository and logs
/// every request's `Authorization` header: the tests read what arrived where.
@Suite(.serialized) struct TokenRoleTests {
    static let generator = ["--commits", "20", "--releases", "2", "--unrelated", "1"]

    static func token(_ label: String) -> String {
        "rm\(label)-" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    }

    /// A served upstream and origin; the unprotected one accepts anonymous pushes.
    struct Rig {
        let scenario: MirrorScenario
        let server: GitHTTPServer
        let password: String

        init(_ label: String, tls: Bool, protecting name: String, redirect: Bool = false) throws {
            scenario = try MirrorScenario(label, generator: TokenRoleTests.generator)
            password = TokenRoleTests.token("srv")
            server = try GitHTTPServer(
                root: scenario.served, token: password, tls: tls, protectedPaths: ["/git/\(name)"],
                redirectToLocalhost: redirect)
            try Shell.git("config", "http.receivepack", "true", in: scenario.originPath)
        }

        var caEnvironment: [String: String] { server.certificate.map { ["RELEASE_MIRROR_CA_FILE": $0] } ?? [:] }

        func sync(_ environment: [String: String]) throws -> TimedResult {
            let result = try scenario.tool(["sync"], environment: caEnvironment.merging(environment) { $1 }, timeout: 60)
            server.waitForAccessLog()
            return result
        }

        /// The `user:password` pairs that arrived for `/git/<name>` (or `/moved/<name>`).
        func credentialsSent(to name: String) -> [String] {
            server.requests(to: name).compactMap { $0.authorization == nil ? nil : ($0.basicCredentials ?? $0.authorization) }
        }
    }

    @Test(arguments: ["RELEASE_MIRROR_TOKEN", "GITHUB_TOKEN"])
    func upstreamWithoutTokenEnvReceivesNoToken(variable: String) throws {
        let rig = try Rig("rm-role-up", tls: true, protecting: "up.git")
        try rig.scenario.writeConfig(upstream: rig.server.url("up.git"), remote: rig.server.url("origin.git"))
        // The push token is even the password upstream would accept: it must still not go there.
        let result = try rig.sync([variable: rig.password])
        #expect(result.status == 1, "\(result.output)")
        #expect(rig.credentialsSent(to: "up.git").isEmpty, "\(variable) went to upstream: \(rig.server.requests(to: "up.git"))")
        #expect(!rig.server.requests(to: "up.git").isEmpty, "upstream was contacted and answered 401: \(rig.server.accessLog)")
        #expect(
            result.stderr.contains("127.0.0.1 requires authentication") && result.stderr.contains("upstream.token-env"),
            "says how to give upstream a token: \(result.stderr)")
    }

    @Test func upstreamOverPlainHTTPReceivesNoTokenEvenWithTokenEnv() throws {
        let rig = try Rig("rm-role-http", tls: false, protecting: "up.git")
        // The issue's reproduction: the push token handed to an http:// upstream answering 401.
        try rig.scenario.writeConfig(upstream: rig.server.url("up.git"), remote: rig.server.url("origin.git"))
        let repro = try rig.sync(["RELEASE_MIRROR_TOKEN": rig.password])
        #expect(repro.status == 1, "\(repro.output)")
        #expect(rig.credentialsSent(to: "up.git").isEmpty, "\(rig.server.requests(to: "up.git"))")

        // Named by upstream.token-env, still never over plain http.
        try setUpstreamTokenEnv(rig.scenario, "UPSTREAM_TOKEN")
        let named = try rig.sync(["UPSTREAM_TOKEN": rig.password, "RELEASE_MIRROR_TOKEN": Self.token("push")])
        #expect(named.status == 1, "\(named.output)")
        #expect(rig.credentialsSent(to: "up.git").isEmpty, "\(rig.server.requests(to: "up.git"))")
        #expect(named.stderr.contains("http://"), "says the token is withheld over plain http: \(named.stderr)")
        #expect(named.stderr.contains("https"), "\(named.stderr)")
    }

    @Test func upstreamTokenEnvOverHTTPSSendsThatTokenOnly() throws {
        let rig = try Rig("rm-role-https", tls: true, protecting: "up.git")
        try rig.scenario.writeConfig(upstream: rig.server.url("up.git"), remote: rig.server.url("origin.git"))
        try setUpstreamTokenEnv(rig.scenario, "UPSTREAM_TOKEN")
        let push = Self.token("push")
        let result = try rig.sync(["UPSTREAM_TOKEN": rig.password, "RELEASE_MIRROR_TOKEN": push, "GITHUB_TOKEN": push])
        #expect(result.status == 0, "\(result.output)")
        let sent = rig.credentialsSent(to: "up.git")
        #expect(!sent.isEmpty && sent.allSatisfy { $0 == "\(GitHTTPServer.user):\(rig.password)" }, "\(sent)")
        #expect(!rig.server.requests.contains { $0.basicCredentials?.contains(push) == true }, "the push token went nowhere but origin")
        #expect(try Repo.refs(rig.scenario.originPath)["refs/heads/upstream-main"] != nil)
    }

    @Test(arguments: [false, true])
    func thePushTokenGoesOnlyToMirrorRemoteAndOnlyOverHTTPS(tls: Bool) throws {
        let rig = try Rig("rm-role-push", tls: tls, protecting: "origin.git")
        try rig.scenario.writeConfig(upstream: rig.server.url("up.git"), remote: rig.server.url("origin.git"))
        let result = try rig.sync(["RELEASE_MIRROR_TOKEN": rig.password])
        #expect(rig.credentialsSent(to: "up.git").isEmpty, "upstream got a token: \(rig.server.requests(to: "up.git"))")
        let sent = rig.credentialsSent(to: "origin.git")
        if tls {
            #expect(result.status == 0, "\(result.output)")
            #expect(!sent.isEmpty && sent.allSatisfy { $0 == "\(GitHTTPServer.user):\(rig.password)" }, "\(sent)")
            #expect(try Repo.refs(rig.scenario.originPath)["refs/heads/upstream-main"] != nil)
        } else {
            #expect(result.status == 1, "\(result.output)")
            #expect(sent.isEmpty, "the push token went over plain http: \(rig.server.requests(to: "origin.git"))")
            #expect(result.stderr.contains("http://"), "\(result.stderr)")
            #expect(try Repo.refs(rig.scenario.originPath).isEmpty)
        }
    }

    @Test func noTokenFollowsARedirectToAnotherHost() throws {
        let rig = try Rig("rm-role-redirect", tls: true, protecting: "origin.git", redirect: true)
        let moved = rig.server.url("origin.git").replacingOccurrences(of: "/git/", with: "/moved/")
        try rig.scenario.writeConfig(upstream: rig.server.url("up.git"), remote: moved)
        let result = try rig.sync(["RELEASE_MIRROR_TOKEN": rig.password])
        #expect(result.status == 1, "\(result.output)")
        let redirected = rig.server.requests.filter { $0.host.hasPrefix("localhost") }
        #expect(!redirected.isEmpty, "the redirect was followed to localhost: \(rig.server.requests)")
        #expect(redirected.allSatisfy { $0.authorization == nil }, "a token followed the redirect: \(redirected)")
        #expect(try Repo.refs(rig.scenario.originPath).isEmpty)
    }

    /// Adds `token-env = NAME` to the config's [upstream] table.
    func setUpstreamTokenEnv(_ scenario: MirrorScenario, _ name: String) throws {
        let text = try String(contentsOfFile: scenario.configPath, encoding: .utf8)
            .replacingOccurrences(of: "[upstream]\n", with: "[upstream]\ntoken-env = \"\(name)\"\n")
        try text.write(toFile: scenario.configPath, atomically: true, encoding: .utf8)
    }
}
