import Foundation
import TestSupport

/// A mirror as users make it: `release-mirror init` (a non-bare work tree holding the config) of a
/// generated upstream, published to a bare `origin.git`. Every step runs the built binary with an
/// environment that carries no token.
final class InitMirror {
    let tmp: TemporaryDirectory
    let upstream: Upstream
    let binary = Products.executable("release-mirror")
    var mirror: String { tmp.url("mirror") }
    var origin: String { tmp.url("origin.git") }

    init(_ label: String, commits: Int = 20, releases: Int = 4) throws {
        tmp = TemporaryDirectory(label)
        upstream = try Upstream.generate(at: tmp.url("up"), ["--commits", "\(commits)", "--releases", "\(releases)"])
        try Shell.git("init", "-q", "--bare", origin, in: tmp.path)
        let made = try Shell.run([binary, "init", "--upstream", "../up", "--remote", "../origin.git", mirror] + ToolRefFixture.arguments)
        guard made.status == 0 else { throw FixtureError("init: \(made.output)") }
    }

    /// The test process's environment without credentials or git overrides.
    static var environment: [String: String] {
        ProcessInfo.processInfo.environment.filter {
            !$0.key.hasPrefix("RELEASE_MIRROR_TOKEN") && !$0.key.hasPrefix("GITHUB_") && $0.key != "GH_TOKEN"
                && !$0.key.hasPrefix("GIT_")
        }
    }

    /// `release-mirror arguments…` in the mirror's directory.
    func run(_ arguments: [String]) throws -> ProcessResult {
        try Shell.run([binary] + arguments, in: mirror, environment: Self.environment)
    }

    /// `git arguments…` in the mirror's work tree.
    @discardableResult
    func git(_ arguments: String...) throws -> String { try Shell.git(arguments, in: mirror) }

    /// `name → sha` of every ref of a repository.
    func refs(_ repository: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for line in try Shell.git("for-each-ref", "--format=%(refname) %(objectname)", in: repository).split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            if parts.count == 2 { result[String(parts[0])] = String(parts[1]) }
        }
        return result
    }

    /// Both the mirror's and origin's refs, for "nothing moved, nothing pushed".
    func allRefs() throws -> [String: String] {
        var all = try refs(mirror)
        for (name, sha) in try refs(origin) { all["origin:" + name] = sha }
        return all
    }
}
