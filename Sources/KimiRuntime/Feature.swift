/// A capability an ``AgentRuntime`` may or may not offer.
///
/// ``AgentRuntime/supports(_:)`` answers, per feature, whether a session of that runtime really
/// does it; a session asked for an unsupported feature fails with
/// ``RuntimeError/unsupportedFeature(_:)``.
public enum Feature: String, Sendable, Hashable, CaseIterable, Codable {
    /// Answers constrained to a JSON schema.
    case structuredOutput
    /// Incremental text, reasoning and tool events while a turn runs.
    case streaming
    /// Cooperative cancellation of the turn in flight.
    case cancel
    /// Injecting a follow-up message into the turn in flight.
    case steer
    /// Continuing an earlier session, by id, in a new process.
    case sessionResume
    /// Choosing a reasoning effort (``ReasoningEffort``).
    case reasoningEffort
    /// Capping reasoning by a token budget.
    case reasoningBudgetTokens
    /// Images in prompts.
    case visionInput
    /// Arbitrary files (documents) in prompts.
    case fileInput
    /// A callback deciding each tool permission request.
    case permissionCallback
    /// MCP servers reached over stdio.
    case mcpStdio
    /// MCP servers reached over streamable HTTP.
    case mcpHttp
    /// MCP servers reached over server-sent events.
    case mcpSse
    /// Caller-implemented function tools.
    case functionTools
    /// Lifecycle hooks delivered to an observer (``HookEvent``).
    case lifecycleHooks
    /// A per-session spending cap in US dollars.
    case budgetUSDCap
    /// A per-session cap on the number of turns.
    case budgetTurnCap
}
