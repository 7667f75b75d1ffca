/// A lifecycle event delivered to ``SessionOptions/onEvent``.
///
/// An observer that throws never breaks the session: its errors are ignored.
public enum HookEvent: Sendable, Hashable {
    /// The session's agent process is up (once per session object, also when resumed).
    case sessionStart(sessionID: String)
    /// The session was closed.
    case sessionEnd(sessionID: String)
    /// A prompt is about to be sent.
    case userPromptSubmit(prompt: String)
    /// The model called a tool (before it runs or asks for permission).
    case preToolUse(ToolCallInfo)
    /// A tool finished successfully.
    case postToolUse(ToolResultInfo)
    /// A tool failed or was rejected.
    case toolFailure(ToolResultInfo)
    /// The agent is about to compact its context.
    case preCompact
    /// The provider failed and the agent retries after a pause.
    case rateLimit(RateLimitInfo)

    /// The eight kinds of hook event.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// ``HookEvent/sessionStart(sessionID:)``
        case sessionStart
        /// ``HookEvent/sessionEnd(sessionID:)``
        case sessionEnd
        /// ``HookEvent/userPromptSubmit(prompt:)``
        case userPromptSubmit
        /// ``HookEvent/preToolUse(_:)``
        case preToolUse
        /// ``HookEvent/postToolUse(_:)``
        case postToolUse
        /// ``HookEvent/toolFailure(_:)``
        case toolFailure
        /// ``HookEvent/preCompact``
        case preCompact
        /// ``HookEvent/rateLimit(_:)``
        case rateLimit
    }

    /// This event's kind.
    public var kind: Kind {
        switch self {
        case .sessionStart: return .sessionStart
        case .sessionEnd: return .sessionEnd
        case .userPromptSubmit: return .userPromptSubmit
        case .preToolUse: return .preToolUse
        case .postToolUse: return .postToolUse
        case .toolFailure: return .toolFailure
        case .preCompact: return .preCompact
        case .rateLimit: return .rateLimit
        }
    }
}
