import Foundation
import Git
import ReleaseMirror
import Synchronization
import TestSupport

/// Collects engine events for assertions.
final class EventLog: Sendable {
    private let events = Mutex<[RunEvent]>([])
    var sink: EventSink { EventSink { event in self.events.withLock { $0.append(event) } } }
    var warnings: [String] {
        events.withLock { $0.compactMap { if case .warning(let s) = $0 { return s } else { return nil } } }
    }
    var errors: [String] {
        events.withLock { $0.compactMap { if case .error(let s) = $0 { return s } else { return nil } } }
    }
}

/// A generated upstream, a bare origin, and a mirror configured to sync one into the other.
final class SyncFixture {
    let tmp = TemporaryDirectory("rm-sync")
    let upstream: Upstream
    let origin: String
    let mirror: String
    let configPath: String
    let log = EventLog()

    init(_ upstreamOptions: [String] = [], config extra: String = "", remote: Bool = true, url: String? = nil) throws {
        upstream = try Upstream.generate(at: tmp.url("up"), upstreamOptions)
        origin = tmp.url("origin.git")
        try Shell.git("init", "-q", "--bare", origin, in: tmp.path)
        mirror = tmp.url("mirror.git")
        configPath = tmp.url("release-mirror.toml")
        try writeConfig(extra, remote: remote, url: url)
    }

    func writeConfig(_ extra: String = "", remote: Bool = true, url: String? = nil) throws {
        let text = """
            [upstream]
            url = "\(url ?? "up")"
            \(extra.contains("release-tags") ? "" : "")
            [mirror]
            repository = "mirror.git"
            remote = "\(remote ? "origin.git" : "")"

            [smoke]
            on = "never"

            """ + extra
        try text.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    func configuration() throws -> Configuration { try ConfigurationLoader.load(path: configPath) }

    func workspace(now: Date = Date()) throws -> MirrorWorkspace {
        try MirrorWorkspace(
            configuration: configuration(),
            environment: RunEnvironment(variables: ["PATH": "/usr/bin:/bin"], now: { now }, events: log.sink), create: true)
    }

    func sync(_ options: SyncOptions = SyncOptions(), now: Date = Date()) async throws -> SyncResult {
        try await SyncEngine(workspace: workspace(now: now), options: options).run()
    }

    /// `name → sha` of every ref in a repository.
    static func refs(_ repository: String) throws -> [String: String] {
        var result: [String: String] = [:]
        let list = try Shell.git("for-each-ref", "--format=%(refname) %(objectname)", in: repository)
        for line in list.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            if parts.count == 2 { result[String(parts[0])] = String(parts[1]) }
        }
        return result
    }

    @discardableResult func git(_ args: String...) throws -> String { try Shell.git(args, in: upstream.path) }
}
