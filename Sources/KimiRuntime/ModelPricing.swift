/// Prices of a model in US dollars per one million tokens.
public struct ModelPricing: Sendable, Hashable, Codable {
    /// Price of one million input tokens (also applied to cache writes).
    public var inputPerMillion: Double
    /// Price of one million output tokens.
    public var outputPerMillion: Double
    /// Price of one million input tokens read from the prompt cache.
    public var cacheReadPerMillion: Double

    /// Creates a price row.
    public init(inputPerMillion: Double, outputPerMillion: Double, cacheReadPerMillion: Double) {
        self.inputPerMillion = inputPerMillion
        self.outputPerMillion = outputPerMillion
        self.cacheReadPerMillion = cacheReadPerMillion
    }

    /// The cost of `usage` at these prices: uncached input and cache writes at the input price,
    /// cache reads at the cache-read price, output at the output price.
    public func cost(of usage: TokenUsage) -> Double {
        let input = Double(usage.inputOther + usage.inputCacheCreation) * inputPerMillion
        let cached = Double(usage.inputCacheRead) * cacheReadPerMillion
        let output = Double(usage.output) * outputPerMillion
        return (input + cached + output) / 1_000_000
    }
}
