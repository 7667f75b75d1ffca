/// A caller-implemented tool offered to the model (``Feature/functionTools``).
public struct FunctionTool: Sendable, Hashable {
    /// The tool's name.
    public var name: String
    /// What the tool does, for the model.
    public var description: String
    /// The parameters' JSON Schema, as JSON text.
    public var parametersSchema: String

    /// Creates a tool description.
    public init(name: String, description: String, parametersSchema: String) {
        self.name = name
        self.description = description
        self.parametersSchema = parametersSchema
    }
}
