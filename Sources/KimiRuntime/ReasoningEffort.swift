/// How hard the model should think before answering.
///
/// Runtimes map this onto what their provider offers; the Kimi CLI only has thinking on or off,
/// so `.disabled` is off and every other level is on.
public enum ReasoningEffort: String, Sendable, Hashable, CaseIterable, Codable {
    /// No reasoning.
    case disabled
    /// The least reasoning the provider offers.
    case minimal
    /// Light reasoning.
    case low
    /// Moderate reasoning.
    case medium
    /// The most reasoning the provider offers.
    case high
}
