/// The outcome of a tool call, as reported by ``RuntimeEvent/toolCallResult(_:)``,
/// ``HookEvent/postToolUse(_:)`` and ``HookEvent/toolFailure(_:)``.
public struct ToolResultInfo: Sendable, Hashable {
    /// The tool call id.
    public var toolCallID: String
    /// The tool's name (empty when the call was not seen).
    public var toolName: String
    /// Whether the tool failed or was rejected.
    public var isError: Bool
    /// The tool's output as text.
    public var output: String
    /// A message about the outcome for the model (e.g. why it was rejected).
    public var message: String

    /// Creates a result description.
    public init(toolCallID: String, toolName: String, isError: Bool, output: String, message: String) {
        self.toolCallID = toolCallID
        self.toolName = toolName
        self.isError = isError
        self.output = output
        self.message = message
    }
}
