/// Everything needed to start the Kimi CLI as an ACP agent (`kimi acp`) for one session.
struct AcpLaunchPlan: Sendable {
    /// The `kimi` executable.
    var executable: String
    /// The canonical working directory (`cwd` of `session/new`).
    var workDirectory: String
    /// The model the caller asked for (`nil`: the agent's current model).
    var model: String?
    /// The CLI's complete environment.
    var environment: [String: String]
    /// MCP servers for `session/new` and `session/load`.
    var mcpServers: [McpServerRef]
    /// Check `agentInfo` against ``KimiPin``.
    var verifyVersion: Bool

    /// The CLI's arguments.
    var arguments: [String] { ["acp"] }
}
