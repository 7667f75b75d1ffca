/// The outcome of one successful turn.
public struct RuntimeResult: Sendable, Hashable {
    /// Why the turn ended.
    public enum StopReason: String, Sendable, Hashable {
        /// The model finished.
        case finished
        /// The agent hit its per-turn step limit.
        case maxStepsReached
    }

    /// The session the turn belongs to.
    public var sessionID: String
    /// The model that ran the turn.
    public var model: String
    /// The answer text (all text deltas, concatenated).
    public var text: String
    /// The reasoning text (all reasoning deltas, concatenated).
    public var reasoning: String
    /// The tool calls the model made, in order.
    public var toolCalls: [ToolCallInfo]
    /// The tool results, in order.
    public var toolResults: [ToolResultInfo]
    /// Tokens spent in the turn, summed over its steps.
    public var usage: TokenUsage
    /// The turn's cost; `nil` when the model is not in the price table.
    public var cost: CostRecord?
    /// Why the turn ended.
    public var stopReason: StopReason

    /// Creates a result.
    public init(
        sessionID: String,
        model: String,
        text: String,
        reasoning: String = "",
        toolCalls: [ToolCallInfo] = [],
        toolResults: [ToolResultInfo] = [],
        usage: TokenUsage = .zero,
        cost: CostRecord? = nil,
        stopReason: StopReason = .finished
    ) {
        self.sessionID = sessionID
        self.model = model
        self.text = text
        self.reasoning = reasoning
        self.toolCalls = toolCalls
        self.toolResults = toolResults
        self.usage = usage
        self.cost = cost
        self.stopReason = stopReason
    }
}
