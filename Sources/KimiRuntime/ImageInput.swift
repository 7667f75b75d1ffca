import Foundation

/// An image attached to a prompt. Sent to the model as a data URI (remote `http(s)` URLs are
/// passed through unchanged).
public enum ImageInput: Sendable, Hashable {
    /// An image at a URL: `data:`, `http(s):` (passed through) or `file:` (read like ``path(_:)``).
    case url(URL)
    /// Image bytes of the given media type (e.g. `image/png`).
    case bytes(Data, mediaType: String)
    /// An image file on disk; the media type comes from the content (PNG, JPEG, GIF, WebP).
    case path(String)

    /// The URL to send: a `data:` URI for bytes and files, the URL itself otherwise.
    /// - Throws: ``RuntimeError/invalidRequest(_:)`` when a file is missing or unreadable, or its
    ///   type is not a supported image type.
    public func dataURI() throws -> String {
        switch self {
        case .url(let url):
            if url.isFileURL { return try ImageInput.path(url.path).dataURI() }
            guard let scheme = url.scheme?.lowercased(), ["data", "http", "https"].contains(scheme) else {
                throw RuntimeError.invalidRequest("image URL must be data:, http(s): or file:, got '\(url.absoluteString)'")
            }
            return url.absoluteString
        case .bytes(let data, let mediaType):
            let type = mediaType.trimmingCharacters(in: .whitespaces).lowercased()
            guard type.hasPrefix("image/"), type.count > "image/".count else {
                throw RuntimeError.invalidRequest("image media type must be image/*, got '\(mediaType)'")
            }
            guard !data.isEmpty else {
                throw RuntimeError.invalidRequest("image bytes are empty")
            }
            return "data:\(type);base64,\(data.base64EncodedString())"
        case .path(let path):
            let expanded = (path as NSString).expandingTildeInPath
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: expanded, isDirectory: &isDirectory), !isDirectory.boolValue else {
                throw RuntimeError.invalidRequest("image file not found: \(path)")
            }
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: expanded))
            } catch {
                throw RuntimeError.invalidRequest("image file not readable: \(path) (\(error.localizedDescription))")
            }
            guard let mediaType = ImageInput.sniffMediaType(data) ?? ImageInput.mediaType(forExtension: (expanded as NSString).pathExtension) else {
                throw RuntimeError.invalidRequest("image file is not PNG, JPEG, GIF or WebP: \(path)")
            }
            return try ImageInput.bytes(data, mediaType: mediaType).dataURI()
        }
    }

    /// The media type of image bytes, from their magic numbers.
    static func sniffMediaType(_ data: Data) -> String? {
        let bytes = [UInt8](data.prefix(12))
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if bytes.starts(with: Array("GIF87a".utf8)) || bytes.starts(with: Array("GIF89a".utf8)) { return "image/gif" }
        if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) {
            return "image/webp"
        }
        return nil
    }

    /// The media type for a file extension, when it names an image type.
    static func mediaType(forExtension ext: String) -> String? {
        switch ext.lowercased() {
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "webp": return "image/webp"
        default: return nil
        }
    }
}
