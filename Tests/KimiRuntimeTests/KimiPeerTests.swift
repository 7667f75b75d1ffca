import Testing

extension Trait where Self == ConditionTrait {
    /// For suites and tests on the real Kimi CLI: disabled when `KIMI_CLI_PATH` is not usable, in
    /// which case `KimiPeerTests` fails the run with one line saying to run `make test`.
    static var realKimiPeer: Self {
        .enabled(if: TestEnvironment.kimiPeerProblem == nil, "needs the real Kimi CLI (KIMI_CLI_PATH): run `make test`")
    }
}

/// The one test that fails when the real Kimi CLI peer is missing: a plain `swift test` without it
/// fails once, saying how to run the suites (`make test` builds the peer and sets `KIMI_CLI_PATH`).
@Suite("Kimi CLI test peer")
struct KimiPeerTests {
    @Test("KIMI_CLI_PATH names the real Kimi CLI")
    func peerIsConfigured() {
        if let problem = TestEnvironment.kimiPeerProblem { Issue.record(Comment(rawValue: problem)) }
    }
}
