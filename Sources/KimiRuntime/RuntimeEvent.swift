/// One item of ``AgentSession/stream(_:)``.
///
/// A stream that succeeds ends with exactly one ``turnComplete(_:)``; a failed or cancelled
/// turn ends the stream by throwing a ``RuntimeError`` instead.
public enum RuntimeEvent: Sendable, Hashable {
    /// A piece of the answer text.
    case textDelta(String)
    /// A piece of the model's reasoning.
    case reasoningDelta(String)
    /// The model called a tool.
    case toolCallStart(ToolCallInfo)
    /// A tool call finished (or was rejected).
    case toolCallResult(ToolResultInfo)
    /// The turn is over; always the last event of a successful stream.
    case turnComplete(RuntimeResult)
}
