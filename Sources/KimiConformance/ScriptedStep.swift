import KimiRuntime

/// What the model does in one model call, for harnesses that script the model.
///
/// A harness turns these into whatever its provider needs (the Kimi harness writes
/// `_scripted_echo` scripts). A turn with a tool call takes two steps: the call, then the answer
/// the model gives after seeing the tool's result.
public enum ScriptedStep: Sendable, Hashable {
    /// The model answers with `text` (streamed in these chunks), optionally reasoning first, and
    /// reports `usage` for the call.
    case reply([String], thinking: String? = nil, usage: TokenUsage? = nil)
    /// The model runs `command` with the provider's shell tool.
    case shellCommand(String, usage: TokenUsage? = nil)
    /// The model calls the MCP tool `tool` with `argumentsJSON` (a JSON object as text).
    case mcpToolCall(tool: String, argumentsJSON: String)
    /// The model writes `content` to `path` (relative to the work directory) with the agent's
    /// file-writing tool.
    case writeFile(path: String, content: String)
    /// The model reads `path` (relative to the work directory) with the agent's file-reading tool.
    case readFile(path: String)
    /// The provider fails with HTTP `status` (the agent retries it).
    case providerError(status: Int)
}
