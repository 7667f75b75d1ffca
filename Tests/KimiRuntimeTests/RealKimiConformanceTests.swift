import KimiConformance
import KimiRuntime
import Testing

/// The conformance suite against the real Kimi CLI (kimi-cli 1.51.0, offline `_scripted_echo`
/// provider). Needs `KIMI_CLI_PATH` (set by `make test`); without it the suite is disabled and
/// `KimiPeerTests` fails the run.
@Suite("Conformance against the real Kimi CLI", .timeLimit(.minutes(3)), .realKimiPeer)
struct RealKimiConformanceTests {
    @Test("conformance", arguments: ConformanceCheck.allCases)
    func conformance(_ check: ConformanceCheck) async throws {
        let harness = try TestEnvironment.harness()
        defer { harness.tearDown() }
        try await ConformanceSuite(harness: harness).run(check)
    }
}
