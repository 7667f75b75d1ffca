import Foundation

/// The one error type of the runtime surface. Every failure of a runtime or a session is one of
/// these cases, with a message a person can act on.
public enum RuntimeError: Error, Sendable, Hashable {
    /// No usable credentials (no API key, or the provider rejected them).
    case auth(String)
    /// The session was asked for something this runtime does not do.
    case unsupportedFeature(Feature)
    /// A budget cap is reached; checked before each turn.
    case budgetExceeded(kind: BudgetKind, cap: Double, current: Double)
    /// The turn was cancelled (``AgentSession/cancel()`` or task cancellation).
    case cancelled
    /// A failure that may go away when retried (the provider failed after its own retries).
    case transient(String)
    /// The peer broke the protocol: malformed JSON, an unexpected JSON-RPC error, an unverified
    /// version, an answer of the wrong shape.
    case `protocol`(String)
    /// The peer did not answer in time (start-up, idle or whole-turn timeout).
    case timeout(String)
    /// The peer process ended while it was still needed.
    case peerExited(exitCode: Int32?, signal: Int32?, detail: String)
    /// The caller asked for something invalid: a bad model id, a missing image file, a closed
    /// session, mutually exclusive options.
    case invalidRequest(String)
}

extension RuntimeError: CustomStringConvertible, LocalizedError {
    /// A one-line, human-readable description.
    public var description: String {
        switch self {
        case .auth(let message):
            return "authentication failed: \(message)"
        case .unsupportedFeature(.steer):
            return "unsupported feature: steer (ACP has no steering; use the wire backend, KimiConfiguration.agentProtocol = .wire, with kimi-cli \(KimiPin.cliVersion))"
        case .unsupportedFeature(.budgetUSDCap):
            return "unsupported feature: budgetUSDCap (the cap needs the session's model in KimiModelCatalog's price table "
                + "and token usage from the agent; this session has no price or no usage to enforce it with)"
        case .unsupportedFeature(let feature):
            return "unsupported feature: \(feature.rawValue)"
        case .budgetExceeded(let kind, let cap, let current):
            switch kind {
            case .turns:
                return "budget exceeded: \(Int(current)) turn(s) used, cap is \(Int(cap))"
            case .usd:
                return "budget exceeded: $\(current) spent, cap is $\(cap)"
            }
        case .cancelled:
            return "the turn was cancelled"
        case .transient(let message):
            return "transient failure: \(message)"
        case .protocol(let message):
            return "protocol error: \(message)"
        case .timeout(let message):
            return "timeout: \(message)"
        case .peerExited(let exitCode, let signal, let detail):
            var text = "the Kimi CLI process exited"
            if let exitCode { text += " with status \(exitCode)" }
            if let signal { text += " on signal \(signal)" }
            if !detail.isEmpty { text += ": \(detail)" }
            return text
        case .invalidRequest(let message):
            return "invalid request: \(message)"
        }
    }

    /// Same as ``description``.
    public var errorDescription: String? { description }
}
