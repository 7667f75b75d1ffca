import Foundation

/// Answers a ``PermissionRequest``; called concurrently with the turn, which goes on receiving
/// events while it waits. Cancelled (as a task) when the turn ends first.
public typealias PermissionHandler = @Sendable (PermissionRequest) async -> PermissionDecision

/// Observes ``HookEvent``s. Errors it throws are ignored.
public typealias HookObserver = @Sendable (HookEvent) async throws -> Void

/// Provider-neutral options of one session.
public struct SessionOptions: Sendable {
    /// The model id; `nil` uses the runtime's default model.
    public var model: String?
    /// The directory the agent works in (its tools run there); `nil` is the current directory.
    public var workDirectory: URL?
    /// Reasoning effort; `nil` leaves the provider's default. Changeable between turns with
    /// ``AgentSession/setReasoningEffort(_:)``.
    public var reasoningEffort: ReasoningEffort?
    /// A reasoning token budget (``Feature/reasoningBudgetTokens``).
    public var reasoningBudgetTokens: Int?
    /// A JSON Schema the answer must follow, as JSON text (``Feature/structuredOutput``).
    public var outputSchema: String?
    /// Caller-implemented tools (``Feature/functionTools``).
    public var functionTools: [FunctionTool]
    /// Approve every tool call without asking; mutually exclusive with ``onPermission``.
    public var yolo: Bool
    /// Decides tool permission requests. Without it (and without ``yolo``) every request is
    /// denied.
    public var onPermission: PermissionHandler?
    /// MCP servers for the agent; names must be unique.
    public var mcpServers: [McpServerRef]
    /// Receives lifecycle hooks.
    public var onEvent: HookObserver?
    /// The most turns the session may start (``Feature/budgetTurnCap``).
    public var maxTurns: Int?
    /// The most the session may spend, in US dollars (``Feature/budgetUSDCap``); needs a model
    /// with known prices.
    public var maxBudgetUSD: Double?

    /// Creates options.
    public init(
        model: String? = nil,
        workDirectory: URL? = nil,
        reasoningEffort: ReasoningEffort? = nil,
        reasoningBudgetTokens: Int? = nil,
        outputSchema: String? = nil,
        functionTools: [FunctionTool] = [],
        yolo: Bool = false,
        onPermission: PermissionHandler? = nil,
        mcpServers: [McpServerRef] = [],
        onEvent: HookObserver? = nil,
        maxTurns: Int? = nil,
        maxBudgetUSD: Double? = nil
    ) {
        self.model = model
        self.workDirectory = workDirectory
        self.reasoningEffort = reasoningEffort
        self.reasoningBudgetTokens = reasoningBudgetTokens
        self.outputSchema = outputSchema
        self.functionTools = functionTools
        self.yolo = yolo
        self.onPermission = onPermission
        self.mcpServers = mcpServers
        self.onEvent = onEvent
        self.maxTurns = maxTurns
        self.maxBudgetUSD = maxBudgetUSD
    }
}
