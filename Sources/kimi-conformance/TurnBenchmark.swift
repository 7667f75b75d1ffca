import Foundation
import KimiConformance
import KimiRuntime

/// `kimi-conformance --bench N`: how much time KimiRuntime adds to a turn over the CLI's own time
/// (from writing the prompt request to reading its answer), on turns against the fake model server.
struct TurnBenchmark {
    let executable: URL
    let agentProtocol: KimiAgentProtocol
    let cliKind: FakeModelHarness.CLIKind
    let turns: Int

    /// The target: a turn adds less than this over the peer's own time (median).
    static let targetMilliseconds = 5.0

    struct Result {
        var turnMedian: Double
        var peerMedian: Double
        var overheadMedian: Double
        var overheadP90: Double

        var line: String {
            String(
                format: "turn median %.2f ms, peer median %.2f ms, KimiRuntime adds median %.2f ms (p90 %.2f ms; target < %.0f ms)",
                turnMedian, peerMedian, overheadMedian, overheadP90, TurnBenchmark.targetMilliseconds
            )
        }
    }

    func run() async throws -> Result {
        let harness = try FakeModelHarness(executable: executable, agentProtocol: agentProtocol, cliKind: cliKind, mcpStdioServer: nil)
        defer { harness.tearDown() }
        try await harness.script(Array(repeating: .reply(["ok"]), count: turns + 1))
        let session = try await KimiRuntime(configuration: harness.configuration())
            .startSession(SessionOptions(model: harness.model, workDirectory: harness.workDirectory))
        var totals: [Double] = []
        var peers: [Double] = []
        for index in 0...turns {
            let clock = ContinuousClock()
            let start = clock.now
            _ = try await session.execute("Say ok")
            let total = clock.now - start
            guard index > 0, let peer = await peerTime(session) else { continue }  // the first turn warms up
            totals.append(Self.milliseconds(total))
            peers.append(Self.milliseconds(peer))
        }
        await session.close()
        let overheads = zip(totals, peers).map { $0 - $1 }.sorted()
        guard !overheads.isEmpty else { throw ConformanceSetupError("the benchmark measured no turn") }
        return Result(
            turnMedian: Self.median(totals), peerMedian: Self.median(peers),
            overheadMedian: Self.median(overheads), overheadP90: overheads[min(overheads.count - 1, overheads.count * 9 / 10)]
        )
    }

    private func peerTime(_ session: any AgentSession) async -> Duration? {
        if let acp = session as? AcpSession { return await acp.lastPeerTurnTime }
        if let wire = session as? KimiSession { return await wire.lastPeerTurnTime }
        return nil
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }
}
