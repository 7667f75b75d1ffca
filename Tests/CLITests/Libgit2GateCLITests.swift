import Foundation
import Testing
import TestSupport

/// The libgit2 version gate end to end: the built binary, told (debug builds only) that the linked
/// libgit2 is 1.9.0, runs without the fast paths written for 1.5's internals (fetch-negotiation ref
/// database, narrowed push base, timed socket stream) and publishes exactly what a normal run does.
@Suite struct Libgit2GateCLITests {
    let binary = Products.executable("release-mirror")
    static let pretend = "RELEASE_MIRROR_PRETEND_LIBGIT2_VERSION"

    /// `name → sha` of the refs of a repository.
    func refs(_ repository: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for line in try Shell.git("for-each-ref", "--format=%(refname) %(objectname)", in: repository).split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            if parts.count == 2 { result[String(parts[0])] = String(parts[1]) }
        }
        return result
    }

    @Test func anotherLibgit2RunsWithoutTheFastPathsAndPublishesTheSame() throws {
        let tmp = TemporaryDirectory()
        let served = tmp.url("srv")
        let up = try Upstream.generate(at: served + "/up", ["--commits", "30", "--releases", "4"])
        for origin in ["fast.git", "plain.git"] { try Shell.git("init", "-q", "--bare", served + "/" + origin, in: tmp.path) }
        let daemon = try GitDaemon(base: served)
        var plainEnvironment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GITHUB_") }
        plainEnvironment[Self.pretend] = "1.9.0"
        var fastEnvironment = plainEnvironment
        fastEnvironment[Self.pretend] = nil
        let runs = [("fast", fastEnvironment), ("plain", plainEnvironment)]
        for (name, environment) in runs {
            let made = try Shell.run(
                [binary, "init", "--upstream", daemon.url("up"), "--remote", daemon.url(name + ".git"), tmp.url(name)]
                    + ToolRefFixture.arguments,
                environment: environment)
            #expect(made.status == 0, "\(made.output)")
        }
        let warning = "warning: libgit2 1.9.0 (compiled against 1.5."
        for round in 0..<2 {
            if round == 1 { _ = try up.commit("after the first sync") }
            for (name, environment) in runs {
                let result = try Shell.run([binary, "sync"], in: tmp.url(name), environment: environment)
                #expect(result.status == 0, "\(name) round \(round): \(result.output)")
                let warned = result.stderr.split(separator: "\n").filter { $0.hasPrefix(warning) }
                #expect(warned.count == (name == "plain" ? 1 : 0), "\(name): \(result.stderr)")
                if name == "plain" { #expect(result.stderr.contains("network timeouts are off")) }
            }
        }
        // Under GitHub Actions the warning is also an annotation: on stdout, or on stderr under
        // --json, so the document on stdout stays one JSON document.
        var actions = plainEnvironment
        actions["GITHUB_ACTIONS"] = "true"
        let annotated = try Shell.run([binary, "status", "--offline"], in: tmp.url("plain"), environment: actions)
        #expect(annotated.stdout.contains("::warning::libgit2 1.9.0"), "\(annotated.output)")
        let json = try Shell.run([binary, "status", "--offline", "--json"], in: tmp.url("plain"), environment: actions)
        #expect(!json.stdout.contains("::warning::") && json.stderr.contains("::warning::libgit2 1.9.0"), "\(json.output)")
        #expect((try? JSONSerialization.jsonObject(with: Data(json.stdout.utf8))) is [String: Any], "\(json.stdout)")
        // The sync record (refs/release-mirror/last-sync) holds the run's time: present in both, not equal.
        let record = "refs/release-mirror/last-sync"
        for place in [served + "/fast.git", served + "/plain.git", tmp.url("fast"), tmp.url("plain")] {
            #expect(try refs(place)[record] != nil, "\(place)")
        }
        func published(_ place: String) throws -> [String: String] { try refs(place).filter { $0.key != record } }
        let fast = try published(served + "/fast.git")
        #expect(fast.keys.contains("refs/heads/upstream-main"), "\(fast)")
        #expect(fast.count > 4, "\(fast)")
        #expect(fast == (try published(served + "/plain.git")))
        #expect(try published(tmp.url("fast")) == (try published(tmp.url("plain"))))
    }
}
