/// A tool call the model made, as reported by ``RuntimeEvent/toolCallStart(_:)`` and
/// ``HookEvent/preToolUse(_:)``.
public struct ToolCallInfo: Sendable, Hashable {
    /// The tool call id.
    public var id: String
    /// The tool's name.
    public var name: String
    /// The arguments as JSON text (possibly empty).
    public var arguments: String

    /// Creates a tool call description.
    public init(id: String, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}
