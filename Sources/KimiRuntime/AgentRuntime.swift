/// A provider of coding-agent sessions (provider-neutral).
///
/// Adapters implement this for one agent backend; ``KimiRuntime`` is the one for the Kimi CLI.
/// The conformance suite (`KimiConformance`) checks any adapter against the same contract.
public protocol AgentRuntime: Sendable {
    /// A short, stable provider id (e.g. `kimi`).
    var providerID: String { get }

    /// Checks that `model` is a model id of this provider.
    /// - Throws: ``RuntimeError/invalidRequest(_:)`` when it is not.
    func validate(model: String) throws

    /// The models this runtime can run, with prices where known.
    func listModels() async throws -> [ModelInfo]

    /// Whether sessions of this runtime do `feature`. Static: it does not depend on the model.
    func supports(_ feature: Feature) -> Bool

    /// Starts a new session.
    func startSession(_ options: SessionOptions) async throws -> any AgentSession

    /// Continues the session `id` (created earlier, possibly by another process).
    func resumeSession(id: String, options: SessionOptions) async throws -> any AgentSession
}
