import Foundation
import KimiConformance
import KimiRuntime

/// One `kimi-conformance` run: each check against a fresh ``FakeModelHarness``.
struct ConformanceRun {
    struct Plan {
        var executable: URL
        var agentProtocol: KimiAgentProtocol
        var cliKind: FakeModelHarness.CLIKind?
        var checks: [ConformanceCheck]
        var selfPath: String
    }

    let plan: Plan

    /// The feature a check exercises, when a runtime may decline it.
    static let declinable: [ConformanceCheck: Feature] = [
        .steerDuringTurn: .steer, .budgetUSDCap: .budgetUSDCap, .mcpStdioTool: .mcpStdio, .mcpHttpTool: .mcpHttp,
        .resumeInNewProcess: .sessionResume, .imageInput: .visionInput, .reasoningChangeKeepsHistory: .reasoningEffort,
    ]

    func run() async -> ConformanceReport {
        let kind = await cliKind()
        var report = ConformanceReport(path: plan.executable.path, agentProtocol: plan.agentProtocol, cliKind: kind)
        let support = KimiRuntime.featureSupport(for: plan.agentProtocol)
        for check in plan.checks {
            let clock = ContinuousClock()
            let start = clock.now
            var failure: String?
            do {
                let harness = try makeHarness(kind)
                defer { harness.tearDown() }
                try await ConformanceSuite(harness: harness).run(check)
                if report.agentName.isEmpty { await identify(harness, into: &report) }
            } catch {
                failure = String(describing: error)
            }
            let declined = Self.declinable[check].map { support[$0] == false } ?? false
            report.add(check: check, failure: failure, declinedFeature: declined ? Self.declinable[check] : nil, duration: clock.now - start)
        }
        return report
    }

    private func makeHarness(_ kind: FakeModelHarness.CLIKind) throws -> FakeModelHarness {
        try FakeModelHarness(
            executable: plan.executable, agentProtocol: plan.agentProtocol, cliKind: kind,
            mcpStdioServer: try McpServerRef.stdio(name: "echo", command: plan.selfPath, arguments: ["--serve-mcp-echo"]),
            verifyPeerVersion: false
        )
    }

    /// `plan.cliKind`, else legacy when the CLI answers `kimi info --json`.
    func cliKind() async -> FakeModelHarness.CLIKind {
        if let kind = plan.cliKind { return kind }
        let probe = KimiRuntime(configuration: KimiConfiguration(executable: plan.executable, verifyPeerVersion: false, agentProtocol: .wire))
        return (try? await probe.peerVersion()) == nil ? .maintained : .legacy
    }

    /// The CLI's reported name and version: `agentInfo` over ACP, `kimi info --json` over wire.
    private func identify(_ harness: FakeModelHarness, into report: inout ConformanceReport) async {
        let runtime = KimiRuntime(configuration: harness.configuration())
        if plan.agentProtocol == .acp {
            guard let session = try? await runtime.makeAcpSession(SessionOptions(workDirectory: harness.workDirectory)) else { return }
            report.agentName = session.agent.name
            report.agentVersion = session.agent.version
            await session.close()
        } else if let version = try? await runtime.peerVersion() {
            report.agentName = "kimi-cli"
            report.agentVersion = version.cliVersion
        }
    }
}
