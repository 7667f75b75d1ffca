/// What a turn (or a whole session) cost, priced from the runtime's price table.
public struct CostRecord: Sendable, Hashable, Codable {
    /// The model the tokens were spent on.
    public var model: String
    /// The tokens that were priced.
    public var usage: TokenUsage
    /// The prices that were applied.
    public var pricing: ModelPricing
    /// The cost in US dollars.
    public var usd: Double

    /// Creates a record; `usd` is computed from `usage` and `pricing`.
    public init(model: String, usage: TokenUsage, pricing: ModelPricing) {
        self.model = model
        self.usage = usage
        self.pricing = pricing
        self.usd = pricing.cost(of: usage)
    }
}
