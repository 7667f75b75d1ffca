import Foundation
import KimiRuntime

/// What the conformance suite needs from an adapter: fresh runtimes, a scriptable model and a
/// few fixtures. One harness serves one check at a time (give each check its own harness to run
/// checks in parallel).
public protocol ConformanceHarness: Sendable {
    /// The model id the suite asks for; must pass ``AgentRuntime/validate(model:)``.
    var model: String { get }
    /// A directory the agent may work (and run harmless shell commands) in.
    var workDirectory: URL { get }
    /// A stdio MCP server offering an `echo` tool (`{"text": …}` → `echo: …`), if available.
    var mcpStdioServer: McpServerRef? { get }
    /// A streamable-HTTP MCP server offering the same `echo` tool, if available.
    var mcpHttpServer: McpServerRef? { get }
    /// A runtime over fresh, isolated state.
    func makeRuntime() async throws -> any AgentRuntime
    /// Sets what the model does in its next calls. Applies to the agent processes started
    /// afterwards (a new session, a resume, or a restart after a reasoning change).
    func script(_ steps: [ScriptedStep]) async throws
    /// What the agent reports beyond the runtime's features (default: ``ConformanceTraits/full``).
    var traits: ConformanceTraits { get }
}

extension ConformanceHarness {
    /// ``ConformanceTraits/full``.
    public var traits: ConformanceTraits { .full }
    /// None.
    public var mcpHttpServer: McpServerRef? { nil }
}
