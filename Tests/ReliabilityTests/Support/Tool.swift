import ChildProcesses
import Foundation
import TestSupport

/// The outcome of one run of a process under a deadline.
struct TimedResult: Sendable {
    let status: Int32
    let stdout: String
    let stderr: String
    /// Wall-clock seconds from launch to exit.
    let elapsed: Double
    /// Whether the deadline passed and the process group was killed.
    let timedOut: Bool
    var output: String { stdout + stderr }
}

/// Runs processes for the reliability tests: with a deadline (a hang is a test failure, never a
/// hung test run), in its own process group, and with an explicit environment.
enum Tool {
    /// The built `release-mirror`.
    static var binary: String { Products.executable("release-mirror") }

    /// The environment the tool runs with: this process's, minus every variable that could carry
    /// a credential or change git's behaviour, plus `extra`.
    static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        for key in env.keys where key.hasPrefix("RELEASE_MIRROR_") || key.hasPrefix("GIT_") || key.hasPrefix("GITHUB_")
            || key == "GH_TOKEN" || key.lowercased().hasSuffix("_proxy")
        {
            env[key] = nil
        }
        env["RELEASE_MIRROR_PRODUCTS"] = ProcessInfo.processInfo.environment["RELEASE_MIRROR_PRODUCTS"]
        for (key, value) in extra { env[key] = value }
        return env
    }

    /// Runs `release-mirror arguments…` in `directory`.
    static func run(
        _ arguments: [String], in directory: String, environment extra: [String: String] = [:], timeout: Double = 120
    ) throws -> TimedResult {
        try execute([binary] + arguments, in: directory, environment: environment(extra), timeout: timeout)
    }

    /// Runs `argv` (`argv[0]` an absolute path or a name on PATH) in a process group of its own
    /// and waits for it, killing the whole group (SIGKILL) when `timeout` seconds pass.
    static func execute(
        _ argv: [String], in directory: String? = nil, environment: [String: String]? = nil, timeout: Double = 120,
        input: String? = nil
    ) throws -> TimedResult {
        let captured = try Shell.capture(
            argv, in: directory, environment: environment ?? ProcessInfo.processInfo.environment, input: input,
            timeout: .milliseconds(Int64(timeout * 1000)))
        let completion = captured.completion
        let elapsed = completion.elapsed.components
        return TimedResult(
            status: completion.termination.statusOrSignal, stdout: String(decoding: captured.stdout, as: UTF8.self),
            stderr: String(decoding: captured.stderr, as: UTF8.self),
            elapsed: Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18, timedOut: completion.timedOut)
    }
}

import Synchronization

/// Repository checks shared by the suites (all through the git CLI, independent of the product).
enum Repo {
    /// `name → object id` of every ref (`git for-each-ref`; fails on a ref that does not resolve).
    static func refs(_ repository: String, prefix: String = "refs/") throws -> [String: String] {
        let list = try Shell.git(["for-each-ref", "--format=%(refname) %(objectname)", prefix], in: repository)
        var result: [String: String] = [:]
        for line in list.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            if parts.count == 2 { result[String(parts[0])] = String(parts[1]) }
        }
        return result
    }

    /// Refs that describe mirror content (the sync record carries a time stamp, so it is left out).
    static func contentRefs(_ repository: String) throws -> [String: String] {
        try refs(repository).filter { !$0.key.hasPrefix("refs/release-mirror/last-sync") }
    }

    /// Problems a crash could leave: refs that do not resolve, a failing connectivity check,
    /// leftover `*.lock` files. Empty when the repository is sound.
    static func integrityProblems(_ repository: String) -> [String] {
        var problems: [String] = []
        let forEach = (try? Tool.execute(["git", "-C", repository, "for-each-ref", "--format=%(refname)"], environment: gitEnvironment))
        if forEach?.status != 0 || forEach?.stderr.isEmpty == false {
            problems.append("for-each-ref: \(forEach?.output ?? "did not run")")
        }
        let fsck = try? Tool.execute(
            ["git", "-C", repository, "fsck", "--connectivity-only", "--no-dangling"], environment: gitEnvironment, timeout: 300)
        if fsck?.status != 0 { problems.append("fsck: \(fsck?.output ?? "did not run")") }
        problems += lockFiles(repository).map { "leftover lock file \($0)" }
        return problems
    }

    /// `*.lock` files in the git directory (the run lock `release-mirror.lock` is a flock target,
    /// kept on purpose, and not counted).
    static func lockFiles(_ repository: String) -> [String] {
        let gitDir = FileManager.default.fileExists(atPath: repository + "/.git") ? repository + "/.git" : repository
        guard let walker = FileManager.default.enumerator(atPath: gitDir) else { return [] }
        var found: [String] = []
        while let path = walker.nextObject() as? String {
            if path.hasSuffix(".lock") && path != "release-mirror.lock" { found.append(path) }
        }
        return found
    }

    /// The git CLI's environment for checks: no user or system config.
    static var gitEnvironment: [String: String] {
        var env = Tool.environment()
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        env["GIT_CONFIG_GLOBAL"] = "/dev/null"
        return env
    }

    /// Whether the mirror's run lock is free (taken and released at once by `git-probe`).
    static func lockIsFree(_ gitDirectory: String) throws -> Bool {
        let probe = try Tool.execute([Products.executable("git-probe"), "lock", gitDirectory, "0"], timeout: 30)
        return probe.status == 0 && probe.stdout.contains("locked")
    }
}

/// A free TCP port on 127.0.0.1 (bound and released; the caller retries if it is taken meanwhile).
func freeLoopbackPort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = 0
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Bool in
            bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
        }
    }
    return bound ? Int(UInt16(bigEndian: addr.sin_port)) : Int.random(in: 30000..<60000)
}

/// The package's `Tests/Stress` directory (scripts shared by `make test` and `make stress`).
var stressScripts: String { Upstream.packageRoot + "/Tests/Stress" }

/// Waits until something accepts connections on 127.0.0.1:`port` (false when `process` exits or
/// 10 seconds pass).
func waitForLoopbackPort(_ port: Int, process: Process) -> Bool {
    Loopback.waitUntilListening(port, isAlive: { process.isRunning })
}
