import Foundation

/// The result of running a process in a test.
public struct ProcessResult: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
    /// stdout followed by stderr, for messages.
    public var output: String { stdout + stderr }
}

/// Runs processes for tests (the git CLI for fixtures, the built binaries end to end).
public enum Shell {
    /// Runs `arguments[0]` (searched on PATH) with the rest as arguments.
    @discardableResult
    public static func run(
        _ arguments: [String], in directory: String? = nil, environment: [String: String]? = nil,
        input: String? = nil
    ) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if let environment { process.environment = environment }
        let out = Pipe()
        let err = Pipe()
        let inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inPipe
        try process.run()
        if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try? inPipe.fileHandleForWriting.close()
        // Read both pipes concurrently so a chatty child never blocks on a full pipe.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()  // written by one block, read after group.wait()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return ProcessResult(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
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
