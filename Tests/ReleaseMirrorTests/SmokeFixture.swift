import Foundation
import Git
import ReleaseMirror
import Synchronization
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// Collects every engine event (smoke output, groups, warnings) for assertions.
final class SmokeEvents: Sendable {
    private let events = Mutex<[RunEvent]>([])
    var sink: EventSink { EventSink { event in self.events.withLock { $0.append(event) } } }
    var all: [RunEvent] { events.withLock { $0 } }
    var hookLines: [String] { all.compactMap { if case .hookOutput(let s) = $0 { return s } else { return nil } } }
    var warnings: [String] { all.compactMap { if case .warning(let s) = $0 { return s } else { return nil } } }
    var errors: [String] { all.compactMap { if case .error(let s) = $0 { return s } else { return nil } } }
    var infos: [String] { all.compactMap { if case .info(let s) = $0 { return s } else { return nil } } }
    var groups: (begins: Int, ends: Int) {
        let events = all
        let begins = events.filter { if case .groupBegin = $0 { return true } else { return false } }.count
        let ends = events.filter { if case .groupEnd = $0 { return true } else { return false } }.count
        return (begins, ends)
    }
}

/// A small git repository used as the mirror (a release commit with the SDK manifest, a tag), a
/// scratch directory the hooks write to, and a configuration built per test.
final class SmokeFixture {
    let tmp = TemporaryDirectory("rm-smoke")
    let repository: String
    let out: String
    let events = SmokeEvents()
    /// The release commit (has `packages/node-sdk/package.json`).
    let release: String
    /// A later commit without the manifest (the package moved away).
    let moved: String

    static let tag = "@moonshot-ai/kimi-code@1.2.3"
    static let token = "ghp_FAKE0123456789abcdefTOKEN"

    init() throws {
        repository = tmp.url("mirror")
        out = tmp.url("out")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try Shell.git("init", "-q", "-b", "main", repository, in: tmp.path)
        try SmokeFixture.write(repository, "packages/node-sdk/package.json", #"{"name": "@moonshot-ai/kimi-code-sdk", "version": "0.9.3"}"#)
        try SmokeFixture.write(repository, "marker.txt", "hello\n")
        try Shell.git("add", "-A", in: repository)
        try Shell.git("commit", "-q", "-m", "release 1.2.3", in: repository)
        try Shell.git("tag", "-a", "-m", "Release 1.2.3", SmokeFixture.tag, in: repository)
        release = try Shell.git("rev-parse", "HEAD", in: repository)
        try Shell.git("rm", "-q", "-r", "packages", in: repository)
        try Shell.git("commit", "-q", "-m", "move the sdk", in: repository)
        moved = try Shell.git("rev-parse", "HEAD", in: repository)
    }

    private static func write(_ repository: String, _ path: String, _ text: String) throws {
        let full = (repository as NSString).appendingPathComponent(path)
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: true, encoding: .utf8)
    }

    /// A TOML array of basic strings for `argv` (JSON string syntax is valid TOML here).
    static func tomlArray(_ argv: [String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(argv), as: UTF8.self)
    }

    /// The configuration: smoke command, timeout, allowlist, and optional `[report]` lines.
    func configuration(
        _ command: [String], timeout: Int = 60, env: [String] = ["PATH", "HOME", "LANG", "SMOKE_OUT"], report: String = ""
    ) throws -> Configuration {
        let text = """
            [upstream]
            url = "up"

            [mirror]
            repository = "mirror"
            remote = ""

            [smoke]
            command = \(SmokeFixture.tomlArray(command))
            timeout-seconds = \(timeout)
            env = \(SmokeFixture.tomlArray(env))

            [report]
            \(report)
            """
        return try ConfigurationLoader.parse(text, file: tmp.url("release-mirror.toml"))
    }

    /// The variables release-mirror itself runs with (a token included, as in CI).
    func variables(_ extra: [String: String] = [:]) -> [String: String] {
        var variables = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": tmp.path, "LANG": "C.UTF-8",
            "SMOKE_OUT": out, "GITHUB_TOKEN": SmokeFixture.token, "UNRELATED_SECRET": "do-not-pass-me",
        ]
        for (key, value) in extra { variables[key] = value }
        return variables
    }

    func workspace(_ configuration: Configuration, variables: [String: String]? = nil) throws -> MirrorWorkspace {
        try MirrorWorkspace(
            configuration: configuration,
            environment: RunEnvironment(variables: variables ?? self.variables(), events: events.sink), create: false)
    }

    func target(_ commit: String? = nil) -> SmokeTarget {
        SmokeTarget(ref: "refs/tags/" + SmokeFixture.tag, commit: ObjectID(hex: commit ?? release)!, version: "1.2.3")
    }

    func outFile(_ name: String) -> String { (out as NSString).appendingPathComponent(name) }

    func read(_ name: String) -> String? { try? String(contentsOfFile: outFile(name), encoding: .utf8) }

    /// Whether `pid` is a live (non-zombie) process.
    static func isAlive(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return true }
        let state = stat[stat.index(close, offsetBy: 2)...].prefix(1)
        return state != "Z" && state != "X"
    }

    /// Live processes whose process group is `pgid`.
    static func members(ofGroup pgid: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return false }
            let fields = stat[stat.index(close, offsetBy: 2)...].split(separator: " ")
            return fields.count > 3 && Int32(fields[2]) == pgid && fields[0] != "Z"
        }
    }

    /// Waits up to `seconds` for `condition`.
    static func eventually(_ seconds: Double = 3, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }
}
