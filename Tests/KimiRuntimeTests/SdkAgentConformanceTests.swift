import KimiConformance
import KimiRuntime
import Testing

/// The conformance suite over ACP against a minimal agent on Zed's ACP Python SDK 0.12.1, whose
/// schema validation checks every message KimiRuntime sends. Needs `ACP_SDK_PYTHON` (set by
/// `make test`).
@Suite("Conformance against an agent on Zed's ACP SDK", .serialized, .timeLimit(.minutes(3)))
struct SdkAgentConformanceTests {
    @Test("conformance over ACP (SDK agent)", arguments: ConformanceCheck.allCases)
    func conformance(_ check: ConformanceCheck) async throws {
        let http = check == .mcpHttpTool ? try McpHttpFixture() : nil
        defer { http?.stop() }
        let harness = try SdkAgentHarness(python: try SdkAgentHarness.python(), mcpHttpServer: http?.server)
        defer { harness.tearDown() }
        try await ConformanceSuite(harness: harness, patience: .seconds(30)).run(check)
    }
}
