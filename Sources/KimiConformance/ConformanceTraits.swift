/// What the agent behind a harness reports, beyond what the runtime's
/// ``KimiRuntime/AgentRuntime/supports(_:)`` says: the same runtime can drive agents that
/// report more or less (e.g. an ACP agent may report no token usage).
public struct ConformanceTraits: Sendable, Hashable {
    /// The agent reports each turn's token usage (and so a priced model has a cost).
    public var reportsTokenUsage: Bool
    /// The agent reports provider retries (the `rateLimit` hook).
    public var reportsRetries: Bool
    /// A deferred permission decision reaches the model as a deferral, so it goes on with the
    /// turn; otherwise the agent sees a rejection and may end the turn.
    public var modelToldOfDeferral: Bool

    /// Creates traits.
    public init(reportsTokenUsage: Bool = true, reportsRetries: Bool = true, modelToldOfDeferral: Bool = true) {
        self.reportsTokenUsage = reportsTokenUsage
        self.reportsRetries = reportsRetries
        self.modelToldOfDeferral = modelToldOfDeferral
    }

    /// Everything reported (the Kimi CLI over wire).
    public static let full = ConformanceTraits()
    /// The legacy kimi-cli over ACP: token usage (KimiRuntime reads it from the session log the
    /// CLI writes, its ACP server reports none), no retries, deferral seen as a rejection.
    public static let kimiOverACP = ConformanceTraits(reportsTokenUsage: true, reportsRetries: false, modelToldOfDeferral: false)
    /// An ACP agent not known to report token usage (the maintained Kimi Code CLI, not verified
    /// here): no usage, no retries, deferral seen as a rejection.
    public static let acpWithoutUsage = ConformanceTraits(reportsTokenUsage: false, reportsRetries: false, modelToldOfDeferral: false)
}
