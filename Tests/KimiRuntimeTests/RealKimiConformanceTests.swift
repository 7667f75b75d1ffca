import KimiConformance
import KimiRuntime
import Testing

/// The conformance suite against the real Kimi CLI (kimi-cli 1.51.0, offline `_scripted_echo`
/// provider). Needs `KIMI_CLI_PATH` (set by `make test`); fails — never skips — without it.
/// Serialized, like the ACP suite beside it: one CLI per suite at a time keeps a 2-core machine
/// from starving the timing-sensitive fake-peer tests.
@Suite("Conformance against the real Kimi CLI", .serialized, .timeLimit(.minutes(3)))
struct RealKimiConformanceTests {
    @Test("conformance", arguments: ConformanceCheck.allCases)
    func conformance(_ check: ConformanceCheck) async throws {
        let http = check == .mcpHttpTool ? try McpHttpFixture() : nil
        defer { http?.stop() }
        let harness = try TestEnvironment.harness(.wire, mcpHttp: http)
        defer { harness.tearDown() }
        try await ConformanceSuite(harness: harness).run(check)
    }
}
