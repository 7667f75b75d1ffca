/// What the caller says in one turn: text plus optional images and files.
public struct Prompt: Sendable, Hashable, ExpressibleByStringLiteral {
    /// The text.
    public var text: String
    /// Attached images (``Feature/visionInput``).
    public var images: [ImageInput]
    /// Attached files (``Feature/fileInput``).
    public var files: [FileInput]

    /// Creates a prompt.
    public init(_ text: String, images: [ImageInput] = [], files: [FileInput] = []) {
        self.text = text
        self.images = images
        self.files = files
    }

    /// Creates a text-only prompt.
    public init(stringLiteral value: String) {
        self.init(value)
    }
}
