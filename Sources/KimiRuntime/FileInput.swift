import Foundation

/// A document attached to a prompt. The Kimi runtime declines these with
/// ``RuntimeError/unsupportedFeature(_:)`` (``Feature/fileInput``).
public enum FileInput: Sendable, Hashable {
    /// A file on disk.
    case path(String)
    /// File bytes with a file name and media type.
    case bytes(Data, filename: String, mediaType: String)
}
