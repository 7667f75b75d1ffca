import ChildProcesses
import Foundation

/// The result of running a process in a test.
public struct ProcessResult: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
    /// stdout followed by stderr, for messages.
    public var output: String { stdout + stderr }
}

/// Runs processes for tests (the git CLI for fixtures, the built binaries end to end), on the
/// `ChildProcesses` layer.
public enum Shell {
    /// Runs `arguments[0]` (searched on PATH) with the rest as arguments.
    @discardableResult
    public static func run(
        _ arguments: [String], in directory: String? = nil, environment: [String: String]? = nil,
        input: String? = nil
    ) throws -> ProcessResult {
        let captured = try capture(arguments, in: directory, environment: environment, input: input)
        return ProcessResult(
            status: captured.completion.termination.statusOrSignal, stdout: String(decoding: captured.stdout, as: UTF8.self),
            stderr: String(decoding: captured.stderr, as: UTF8.self))
    }

    /// Runs `argv` to completion from synchronous test code (`Command.runBlocking`): stdout and
    /// stderr captured whole, `input` on stdin, and with `timeout` its process group killed
    /// (SIGKILL) when it passes. A program that cannot be found ends with status 127, as under `env`.
    public static func capture(
        _ argv: [String], in directory: String? = nil, environment: [String: String]? = nil, input: String? = nil,
        timeout: Duration? = nil
    ) throws -> CapturedRun {
        guard let program = argv.first else { throw FixtureError("no command to run") }
        let command = Command(program, arguments: Array(argv.dropFirst()), environment: environment, workingDirectory: directory)
        return try command.runBlocking(input: Array((input ?? "").utf8), timeout: timeout)
    }

    /// Runs the git CLI (fixtures only; the product never runs git) and returns trimmed stdout.
    /// - Throws: when git exits non-zero.
    @discardableResult
    public static func git(_ arguments: String..., in directory: String, environment extra: [String: String] = [:])
        throws -> String
    {
        try git(arguments, in: directory, environment: extra)
    }

    /// Array form of `git(_:in:)`.
    @discardableResult
    public static func git(_ arguments: [String], in directory: String, environment extra: [String: String] = [:])
        throws -> String
    {
        var env = ProcessInfo.processInfo.environment
        env["GIT_AUTHOR_NAME"] = "Upstream Dev"
        env["GIT_AUTHOR_EMAIL"] = "dev@upstream.example"
        env["GIT_COMMITTER_NAME"] = "Upstream Dev"
        env["GIT_COMMITTER_EMAIL"] = "dev@upstream.example"
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        env["GIT_CONFIG_GLOBAL"] = "/dev/null"
        for (k, v) in extra { env[k] = v }
        let result = try run(["git"] + arguments, in: directory, environment: env)
        guard result.status == 0 else {
            throw FixtureError("git \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.stderr)")
        }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// A fixture step that failed.
public struct FixtureError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
