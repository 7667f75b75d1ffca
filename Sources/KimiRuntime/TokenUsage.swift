/// Token counts of one model call, a turn or a session.
///
/// Total input is `inputOther + inputCacheRead + inputCacheCreation`.
public struct TokenUsage: Sendable, Hashable, Codable {
    /// Input tokens neither read from nor written to the prompt cache.
    public var inputOther: Int
    /// Output tokens (including reasoning).
    public var output: Int
    /// Input tokens read from the prompt cache.
    public var inputCacheRead: Int
    /// Input tokens written to the prompt cache.
    public var inputCacheCreation: Int

    /// Creates a usage record.
    public init(inputOther: Int = 0, output: Int = 0, inputCacheRead: Int = 0, inputCacheCreation: Int = 0) {
        self.inputOther = inputOther
        self.output = output
        self.inputCacheRead = inputCacheRead
        self.inputCacheCreation = inputCacheCreation
    }

    /// No tokens.
    public static let zero = TokenUsage()

    /// All input tokens.
    public var input: Int { inputOther + inputCacheRead + inputCacheCreation }

    /// Whether every count is zero.
    public var isZero: Bool { self == .zero }

    /// Field-wise sum.
    public static func + (lhs: TokenUsage, rhs: TokenUsage) -> TokenUsage {
        TokenUsage(
            inputOther: lhs.inputOther + rhs.inputOther,
            output: lhs.output + rhs.output,
            inputCacheRead: lhs.inputCacheRead + rhs.inputCacheRead,
            inputCacheCreation: lhs.inputCacheCreation + rhs.inputCacheCreation
        )
    }

    /// Field-wise sum in place.
    public static func += (lhs: inout TokenUsage, rhs: TokenUsage) {
        lhs = lhs + rhs
    }
}

extension TokenUsage {
    /// The `token_usage` object of a Kimi wire `StatusUpdate` (`nil` when absent or not an object).
    init?(wireTokenUsage tokens: JSONValue?) {
        guard let tokens, case .object = tokens else { return nil }
        self.init(
            inputOther: tokens["input_other"]?.intValue ?? 0,
            output: tokens["output"]?.intValue ?? 0,
            inputCacheRead: tokens["input_cache_read"]?.intValue ?? 0,
            inputCacheCreation: tokens["input_cache_creation"]?.intValue ?? 0
        )
    }

    /// The usage one wire message (`{"type": …, "payload": …}`) carries: a `StatusUpdate`'s
    /// `token_usage`, or that of the event a `SubagentEvent` wraps (a subagent's model calls are
    /// the session's cost too); zero for any other message.
    init(wireMessage message: JSONValue?) {
        switch message?["type"]?.stringValue {
        case "StatusUpdate": self = TokenUsage(wireTokenUsage: message?["payload"]?["token_usage"]) ?? .zero
        case "SubagentEvent": self.init(wireMessage: message?["payload"]?["event"])
        default: self = .zero
        }
    }
}
