/// Rebuilds a session's messages from the `session/update` notifications an ACP agent replays
/// on `session/load` (user and agent message chunks).
struct AcpTranscriptBuilder {
    private var entries: [TranscriptEntry] = []
    private var current: (role: TranscriptEntry.Role, text: String, images: [String])?

    mutating func consume(_ update: JSONValue) {
        let role: TranscriptEntry.Role
        switch update["sessionUpdate"]?.stringValue {
        case "user_message_chunk": role = .user
        case "agent_message_chunk": role = .assistant
        case "tool_call", "tool_call_update":
            flush()
            return
        default: return
        }
        if current?.role != role { flush() }
        var entry = current ?? (role, "", [])
        let content = update["content"]
        switch content?["type"]?.stringValue {
        case "text": entry.text += content?["text"]?.stringValue ?? ""
        case "image":
            if let mime = content?["mimeType"]?.stringValue, let data = content?["data"]?.stringValue {
                entry.images.append("data:\(mime);base64,\(data)")
            }
        default: break
        }
        current = entry
    }

    /// The entries, including the last one.
    mutating func finish() -> [TranscriptEntry] {
        flush()
        return entries
    }

    private mutating func flush() {
        if let current, !current.text.isEmpty || !current.images.isEmpty {
            entries.append(TranscriptEntry(role: current.role, text: current.text, imageURLs: current.images))
        }
        current = nil
    }
}
