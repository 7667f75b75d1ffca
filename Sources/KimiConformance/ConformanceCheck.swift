/// The behaviours every ``KimiRuntime/AgentRuntime`` adapter must show. Each check starts its
/// own runtime from the harness.
public enum ConformanceCheck: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// A stream yields reasoning and text deltas and ends with exactly one `.turnComplete`
    /// carrying the text, the reasoning, the token usage and the priced cost.
    case streamingTextAndReasoning
    /// `execute` returns the result; hooks report session start, the prompt and session end.
    case executeAndLifecycleHooks
    /// An image prompt is accepted (and kept in the history as a data URI); a missing image
    /// file is a clear `invalidRequest` error.
    case imageInput
    /// An allowed tool call runs; the callback sees the tool's arguments; usage and cost add up
    /// over the turn's steps.
    case permissionAllowed
    /// A denied tool call does not run and is reported as a failed tool call.
    case permissionDenied
    /// A deferred tool call does not run; the model is told the decision was deferred and goes
    /// on.
    case permissionDeferred
    /// A steer sent during a turn is taken into that turn.
    case steerDuringTurn
    /// Cancelling while a permission decision is pending ends the turn with `cancelled`; the
    /// session stays usable.
    case cancelDuringApprovalWait
    /// A closed session resumes by id in a new process with its history.
    case resumeInNewProcess
    /// Changing the reasoning effort between turns keeps the history.
    case reasoningChangeKeepsHistory
    /// An MCP stdio server's tool is called.
    case mcpStdioTool
    /// An MCP server's tool is called over streamable HTTP.
    case mcpHttpTool
    /// The agent's file tools write and read a file inside the work directory (over ACP through
    /// the client's `fs/*` answers).
    case fileToolsInWorkDirectory
    /// `maxTurns` trips before the turn that would exceed it.
    case budgetTurnCap
    /// `maxBudgetUSD` lets turns run below it and refuses the turn after the priced cost (from the
    /// usage the model reported) reaches it; the session's cost is that priced usage.
    case budgetUSDCap
    /// A provider error that is retried is reported as a `rateLimit` hook; the turn succeeds.
    case rateLimitHook
    /// An observer that throws does not break the session.
    case throwingObserverIgnored
    /// Features the runtime says it does not support are declined with `unsupportedFeature`;
    /// `yolo` with a permission callback is refused.
    case unsupportedFeaturesDeclined
    /// Invalid models and MCP server lists are refused before anything starts.
    case invalidInputsRejected
    /// `close` is idempotent (also concurrently); a closed session refuses turns.
    case closeIsIdempotent

    /// The check's name.
    public var description: String { rawValue }
}
