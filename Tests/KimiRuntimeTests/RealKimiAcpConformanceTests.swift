import KimiConformance
import KimiRuntime
import Testing

/// The conformance suite against the real Kimi CLI's ACP server (`kimi acp` of kimi-cli 1.51.0,
/// offline `_scripted_echo` provider). Needs `KIMI_CLI_PATH` (set by `make test`). Serialized:
/// the wire suite already runs its checks in parallel, and doubling the concurrent CLIs on a
/// 2-core machine starves the timing-sensitive fake-peer tests that run beside it.
@Suite("Conformance against the real Kimi CLI over ACP", .serialized, .timeLimit(.minutes(5)))
struct RealKimiAcpConformanceTests {
    @Test("conformance over ACP", arguments: ConformanceCheck.allCases)
    func conformance(_ check: ConformanceCheck) async throws {
        let http = check == .mcpHttpTool ? try McpHttpFixture() : nil
        defer { http?.stop() }
        let harness = try TestEnvironment.harness(.acp, mcpHttp: http)
        defer { harness.tearDown() }
        try await ConformanceSuite(harness: harness).run(check)
    }
}
