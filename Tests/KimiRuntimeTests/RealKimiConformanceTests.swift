import KimiConformance
import KimiRuntime
import Testing

/// The conformance suite against the real Kimi CLI (kimi-cli 1.51.0, offline `_scripted_echo`
/// provider), over wire and over ACP. Needs `KIMI_CLI_PATH` (set by `make test`); without it the
/// suites are disabled and `KimiPeerTests` fails the run. Each protocol's checks run in two
/// serialized halves: a few CLIs at a time keep a 2-core machine from starving the timing-sensitive
/// fake-peer tests that run beside them.
enum RealKimiConformance {
    static let firstHalf = Array(ConformanceCheck.allCases.prefix(ConformanceCheck.allCases.count / 2))
    static let secondHalf = Array(ConformanceCheck.allCases.dropFirst(ConformanceCheck.allCases.count / 2))

    static func run(_ check: ConformanceCheck, over agentProtocol: KimiAgentProtocol) async throws {
        let http = check == .mcpHttpTool ? try McpHttpFixture() : nil
        defer { http?.stop() }
        let harness = try TestEnvironment.harness(agentProtocol, mcpHttp: http)
        defer { harness.tearDown() }
        try await ConformanceSuite(harness: harness).run(check)
    }
}

@Suite("Conformance against the real Kimi CLI over wire (1)", .serialized, .timeLimit(.minutes(3)), .realKimiPeer)
struct RealKimiWireConformanceTestsA {
    @Test("conformance over wire", arguments: RealKimiConformance.firstHalf)
    func conformance(_ check: ConformanceCheck) async throws { try await RealKimiConformance.run(check, over: .wire) }
}

@Suite("Conformance against the real Kimi CLI over wire (2)", .serialized, .timeLimit(.minutes(3)), .realKimiPeer)
struct RealKimiWireConformanceTestsB {
    @Test("conformance over wire", arguments: RealKimiConformance.secondHalf)
    func conformance(_ check: ConformanceCheck) async throws { try await RealKimiConformance.run(check, over: .wire) }
}

@Suite("Conformance against the real Kimi CLI over ACP (1)", .serialized, .timeLimit(.minutes(3)), .realKimiPeer)
struct RealKimiAcpConformanceTestsA {
    @Test("conformance over ACP", arguments: RealKimiConformance.firstHalf)
    func conformance(_ check: ConformanceCheck) async throws { try await RealKimiConformance.run(check, over: .acp) }
}

@Suite("Conformance against the real Kimi CLI over ACP (2)", .serialized, .timeLimit(.minutes(3)), .realKimiPeer)
struct RealKimiAcpConformanceTestsB {
    @Test("conformance over ACP", arguments: RealKimiConformance.secondHalf)
    func conformance(_ check: ConformanceCheck) async throws { try await RealKimiConformance.run(check, over: .acp) }
}
