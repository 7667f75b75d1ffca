import Foundation
import Synchronization
import Testing

/// The `kimi-conformance` executable (built by `swift build --build-tests`) end to end.
@Suite("kimi-conformance command", .timeLimit(.minutes(5)))
struct KimiConformanceCommandTests {
    /// Runs the command on a thread of its own (waiting for a process must not block the
    /// concurrency pool the other tests share).
    private func run(_ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
        let binary = try TestEnvironment.repositoryRoot().appendingPathComponent(".build/debug/kimi-conformance")
        return try await withCheckedThrowingContinuation { continuation in
            Thread {
                let process = Process()
                process.executableURL = binary
                process.arguments = arguments
                let out = Pipe()
                let err = Pipe()
                process.standardOutput = out
                process.standardError = err
                do {
                    try process.run()
                } catch {
                    continuation.resume(throwing: error)
                    return
                }
                let stderrData = LockedData()
                let reader = Thread { stderrData.set(err.fileHandleForReading.readDataToEndOfFile()) }
                reader.start()
                let stdout = out.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                while !stderrData.isSet { usleep(1000) }
                continuation.resume(returning: (
                    process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderrData.value, as: UTF8.self)
                ))
            }.start()
        }
    }

    @Test("bad arguments exit 2 with a message naming the argument")
    func badArguments() async throws {
        let missing = try await run([])
        #expect(missing.status == 2 && missing.stderr.contains("--kimi PATH is required"))
        let nowhere = try await run(["--kimi", "/nonexistent/kimi"])
        #expect(nowhere.status == 2 && nowhere.stderr.contains("/nonexistent/kimi"))
        let kimi = try TestEnvironment.realKimi().path
        let proto = try await run(["--kimi", kimi, "--protocol", "smoke-signals"])
        #expect(proto.status == 2 && proto.stderr.contains("smoke-signals"))
        let check = try await run(["--kimi", kimi, "--check", "noSuchCheck"])
        #expect(check.status == 2 && check.stderr.contains("noSuchCheck") && check.stderr.contains("streamingTextAndReasoning"))
    }

    @Test("a JSON report on the real kimi-cli 1.51.0 over ACP: the CLI's name and version, a pass and steer's decline")
    func jsonReport() async throws {
        let result = try await run([
            "--kimi", try TestEnvironment.realKimi().path, "--protocol", "acp", "--json",
            "--check", "streamingTextAndReasoning", "--check", "steerDuringTurn",
        ])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let cli = try #require(report["cli"] as? [String: Any])
        #expect(cli["name"] as? String == "Kimi Code CLI")
        #expect(cli["version"] as? String == "1.51.0")
        #expect(cli["kind"] as? String == "legacy" && cli["pinned"] as? Bool == true)
        let checks = try #require(report["checks"] as? [[String: Any]])
        #expect(checks.map { $0["status"] as? String } == ["pass", "declined"])
        #expect((checks.last?["detail"] as? String)?.contains("wire backend") == true)
        #expect(report["ok"] as? Bool == true && report["failed"] as? Int == 0)
    }
}

/// Data written by one thread and read by another.
final class LockedData: Sendable {
    private let state = Mutex<Data?>(nil)

    func set(_ data: Data) { state.withLock { $0 = data } }
    var isSet: Bool { state.withLock { $0 != nil } }
    var value: Data { state.withLock { $0 ?? Data() } }
}
