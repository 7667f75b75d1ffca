#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import KimiConformance
import KimiRuntime

/// Where the tests find the repository, its fixtures and the real Kimi CLI.
enum TestEnvironment {
    struct SetupError: Error, CustomStringConvertible {
        var description: String
    }

    /// The package root: `RELEASE_MIRROR_ROOT`, else the first directory above this file (symlinks
    /// resolved) holding a `Package.swift` next to `Sources/KimiRuntime`.
    static func repositoryRoot(filePath: String = #filePath) throws -> URL {
        if let root = ProcessInfo.processInfo.environment["RELEASE_MIRROR_ROOT"], !root.isEmpty {
            return URL(fileURLWithPath: root)
        }
        let fileManager = FileManager.default
        var directory = URL(fileURLWithPath: filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while directory.path != "/" {
            var isDirectory: ObjCBool = false
            if fileManager.fileExists(atPath: directory.appendingPathComponent("Package.swift").path),
                fileManager.fileExists(atPath: directory.appendingPathComponent("Sources/KimiRuntime").path, isDirectory: &isDirectory),
                isDirectory.boolValue
            {
                return directory
            }
            directory = directory.deletingLastPathComponent()
        }
        throw SetupError(description: "cannot find the package root above \(filePath); set RELEASE_MIRROR_ROOT")
    }

    /// `Tests/Fixtures/kimi`.
    static func fixtures() throws -> URL {
        try repositoryRoot().appendingPathComponent("Tests/Fixtures/kimi", isDirectory: true)
    }

    /// The real `kimi` (from `KIMI_CLI_PATH`); fails with instructions when it is not set.
    static func realKimi() throws -> URL {
        guard let path = ProcessInfo.processInfo.environment["KIMI_CLI_PATH"], !path.isEmpty else {
            throw SetupError(description:
                "KIMI_CLI_PATH is not set: the real Kimi CLI tests need it. Run the tests via `make test` "
                    + "(scripts/kimi-venv.sh builds kimi-cli \(KimiPin.cliVersion) once and exports KIMI_CLI_PATH).")
        }
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw SetupError(description: "KIMI_CLI_PATH=\(path) is not executable; run the tests via `make test`.")
        }
        return URL(fileURLWithPath: path)
    }

    /// Why the real Kimi CLI cannot be used, in one line (`nil` when `KIMI_CLI_PATH` names an
    /// executable). The suites that need it are disabled then, and `KimiPeerTests` fails with this
    /// line alone instead of every one of them failing with it.
    static let kimiPeerProblem: String? = {
        do {
            _ = try realKimi()
            return nil
        } catch {
            return "\(error)"
        }
    }()

    /// A Python for fixture scripts: the one next to the real `kimi` when there is one (its venv),
    /// else `python3` on PATH.
    static func python() -> String {
        if let kimi = try? realKimi() {
            let candidate = kimi.deletingLastPathComponent().appendingPathComponent("python3").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return "python3"
    }

    /// The stdio MCP fixture server (`echo`, `add`).
    static func mcpEchoServer(name: String = "fixture") throws -> McpServerRef {
        try McpServerRef.stdio(name: name, command: python(), arguments: [try fixtures().appendingPathComponent("mcp_echo_server.py").path])
    }

    /// A scripted harness on the real CLI, with the MCP fixture. `KIMI_RUNTIME_UNPINNED=1` skips
    /// the version pin check (for a smoke run of the conformance suite against a new release).
    static func harness(_ agentProtocol: KimiAgentProtocol = .wire, mcpHttp: McpHttpFixture? = nil) throws -> KimiScriptedHarness {
        try KimiScriptedHarness(
            executable: try realKimi(),
            mcpStdioServer: try mcpEchoServer(),
            mcpHttpServer: mcpHttp?.server,
            verifyPeerVersion: ProcessInfo.processInfo.environment["KIMI_RUNTIME_UNPINNED"] != "1",
            agentProtocol: agentProtocol
        )
    }

    /// A fresh temporary directory (symlinks resolved).
    static func temporaryDirectory(_ prefix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString.lowercased())", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.resolvingSymlinksInPath()
    }

    /// Whether `pid` is a live process (zombies count as gone).
    static func isAlive(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        {
            let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).prefix(1)
            return state != "Z" && state != "X"
        }
        return true
    }

    /// Waits up to `timeout` for `pid` to be gone; returns whether it is.
    static func waitUntilGone(_ pid: pid_t, timeout: Duration = .seconds(10)) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while clock.now < deadline {
            if !isAlive(pid) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return !isAlive(pid)
    }

    /// Live processes with `argument` among their command-line arguments (from /proc).
    static func processes(withArgument argument: String) -> [pid_t] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        return entries.compactMap { entry -> pid_t? in
            guard let pid = pid_t(entry),
                let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline"),
                data.split(separator: 0).contains(where: { String(decoding: $0, as: UTF8.self) == argument }),
                isAlive(pid)
            else { return nil }
            return pid
        }
    }
}
