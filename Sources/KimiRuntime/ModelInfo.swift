/// A model a runtime can run, as listed by ``AgentRuntime/listModels()``.
public struct ModelInfo: Sendable, Hashable, Codable {
    /// The model id passed to ``SessionOptions/model``.
    public var id: String
    /// A human-readable name.
    public var displayName: String
    /// The context window in tokens, when known.
    public var contextWindow: Int?
    /// Whether the model reasons before answering (thinking).
    public var supportsReasoning: Bool
    /// Whether the model accepts images.
    public var supportsVision: Bool
    /// Prices per million tokens; `nil` when the model is not in the price table (its cost is
    /// then unknown and reported as `nil`).
    public var pricing: ModelPricing?

    /// Creates a model description.
    public init(
        id: String,
        displayName: String,
        contextWindow: Int? = nil,
        supportsReasoning: Bool = false,
        supportsVision: Bool = false,
        pricing: ModelPricing? = nil
    ) {
        self.id = id
        self.displayName = displayName
        self.contextWindow = contextWindow
        self.supportsReasoning = supportsReasoning
        self.supportsVision = supportsVision
        self.pricing = pricing
    }
}
