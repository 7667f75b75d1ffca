import Foundation
import TestSupport

/// A served upstream and origin plus a mirror working directory with its config, for driving the
/// built `release-mirror` end to end over real network protocols.
final class MirrorScenario {
    let tmp: TemporaryDirectory
    /// Bare repositories served by the test's server: `up.git` and `origin.git`.
    let served: String
    let upstream: Upstream
    /// The mirror's working directory (holds release-mirror.toml and mirror.git).
    let work: String
    var upstreamPath: String { served + "/up.git" }
    var originPath: String { served + "/origin.git" }
    var mirrorPath: String { work + "/mirror.git" }
    var configPath: String { work + "/release-mirror.toml" }

    /// Generates `up.git` with `generator` options and an empty bare `origin.git`.
    init(_ label: String, generator: [String]) throws {
        tmp = TemporaryDirectory(label)
        served = tmp.url("srv")
        work = tmp.url("work")
        try FileManager.default.createDirectory(atPath: served, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        upstream = try Upstream.generate(at: served + "/up.git", generator + ["--bare"])
        try Shell.git("init", "-q", "--bare", served + "/origin.git", in: served)
    }

    /// Writes release-mirror.toml.
    func writeConfig(upstream: String, remote: String, extra: String = "") throws {
        let text = """
            [upstream]
            url = "\(upstream)"

            [mirror]
            repository = "mirror.git"
            remote = "\(remote)"

            [report]
            directory = "reports"

            """ + (extra.contains("[smoke]") ? "" : "[smoke]\non = \"never\"\n") + extra
        try text.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    /// Runs `release-mirror` in the work directory.
    func tool(_ arguments: [String], environment: [String: String] = [:], timeout: Double = 120) throws -> TimedResult {
        try Tool.run(arguments, in: work, environment: environment, timeout: timeout)
    }

    /// Upstream's release tags as `refs/tags/<name> → object id` (the values mirror tags must have).
    func upstreamReleaseTags() throws -> [String: String] {
        try Repo.refs(upstreamPath, prefix: "refs/tags/").filter { $0.key.hasPrefix("refs/tags/@moonshot-ai/kimi-code@") }
    }
}
