/// One message of a session's history, as returned by ``AgentSession/history()``.
public struct TranscriptEntry: Sendable, Hashable {
    /// Who said it.
    public enum Role: String, Sendable, Hashable {
        /// The caller (a prompt or a steer).
        case user
        /// The model.
        case assistant
    }

    /// Who said it.
    public var role: Role
    /// The text.
    public var text: String
    /// Image URLs (data URIs) attached to a user message.
    public var imageURLs: [String]

    /// Creates an entry.
    public init(role: Role, text: String, imageURLs: [String] = []) {
        self.role = role
        self.text = text
        self.imageURLs = imageURLs
    }
}
