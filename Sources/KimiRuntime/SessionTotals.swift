/// What a session has spent so far.
public struct SessionTotals: Sendable, Hashable {
    /// Turns started (including failed and cancelled ones).
    public var turns: Int
    /// Tokens spent.
    public var usage: TokenUsage
    /// Priced cost in US dollars; `nil` when the model is not in the price table.
    public var costUSD: Double?

    /// Creates totals.
    public init(turns: Int, usage: TokenUsage, costUSD: Double?) {
        self.turns = turns
        self.usage = usage
        self.costUSD = costUSD
    }
}
