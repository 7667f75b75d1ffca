/// The in-tree model catalogue and price table of the Kimi runtime.
///
/// Prices are US dollars per one million tokens (input / output / cache read). Models outside
/// the table have no price: their cost is reported as `nil`.
public enum KimiModelCatalog {
    /// The price table.
    public static let prices: [String: ModelPricing] = [
        "kimi-k2-thinking": ModelPricing(inputPerMillion: 0.60, outputPerMillion: 2.50, cacheReadPerMillion: 0.15),
        "kimi-k2-thinking-turbo": ModelPricing(inputPerMillion: 1.50, outputPerMillion: 5.00, cacheReadPerMillion: 0.15),
    ]

    /// The curated fallback catalogue, used when the provider's model list is not available.
    public static let fallback: [ModelInfo] = [
        ModelInfo(
            id: "kimi-k2-thinking", displayName: "Kimi K2 Thinking", contextWindow: 262_144,
            supportsReasoning: true, supportsVision: false, pricing: prices["kimi-k2-thinking"]
        ),
        ModelInfo(
            id: "kimi-k2-thinking-turbo", displayName: "Kimi K2 Thinking Turbo", contextWindow: 262_144,
            supportsReasoning: true, supportsVision: false, pricing: prices["kimi-k2-thinking-turbo"]
        ),
        ModelInfo(
            id: "kimi-for-coding", displayName: "Kimi for Coding", contextWindow: 262_144,
            supportsReasoning: true, supportsVision: true, pricing: nil
        ),
    ]

    /// The default model when neither the caller nor `KIMI_MODEL_NAME` names one.
    public static let defaultModel = "kimi-k2-thinking"

    /// The prices of `model`, when it is in the table.
    public static func pricing(for model: String) -> ModelPricing? {
        prices[model]
    }

    /// The catalogue entry of `model`, when there is one.
    public static func info(for model: String) -> ModelInfo? {
        fallback.first { $0.id == model }
    }
}
