/// How ``KimiRuntime`` talks to the Kimi CLI.
public enum KimiAgentProtocol: String, Sendable, Hashable, CaseIterable {
    /// Kimi Wire (`kimi --wire`), spoken only by the legacy kimi-cli (``KimiPin/cliVersion``).
    /// Everything KimiRuntime offers, including steering.
    case wire
    /// The Agent Client Protocol v1 (`kimi acp`), spoken by the maintained Kimi Code CLI and by
    /// the legacy kimi-cli. No steering and no token usage from either Kimi CLI; see
    /// ``KimiRuntime/featureSupport(for:)``.
    case acp
}
