/// A tool call waiting for the caller's permission, handed to
/// ``SessionOptions/onPermission``.
public struct PermissionRequest: Sendable, Hashable {
    /// The peer's id of this request.
    public var id: String
    /// The id of the tool call the request is about.
    public var toolCallID: String
    /// The tool's name (for the Kimi CLI, e.g. `Shell`, or the bare name of an MCP tool).
    public var toolName: String
    /// The tool call's arguments as JSON text (empty when the peer did not send them).
    public var arguments: String
    /// What the tool is about to do, in the peer's words (e.g. `run command`, `mcp:echo`).
    public var action: String
    /// Why permission is asked, in the peer's words (e.g. ``Run command `ls` ``).
    public var reason: String

    /// Creates a request.
    public init(id: String, toolCallID: String, toolName: String, arguments: String, action: String, reason: String) {
        self.id = id
        self.toolCallID = toolCallID
        self.toolName = toolName
        self.arguments = arguments
        self.action = action
        self.reason = reason
    }
}
