/// Rebuilds a session's messages from replayed Wire events (`replay`).
struct TranscriptBuilder {
    private(set) var entries: [TranscriptEntry] = []
    private var assistantText = ""

    mutating func consume(type: String, payload: JSONValue) {
        switch type {
        case "TurnBegin", "SteerInput":
            flushAssistant()
            let input = payload["user_input"]
            entries.append(TranscriptEntry(
                role: .user,
                text: TurnAccumulator.text(of: input),
                imageURLs: TurnAccumulator.imageURLs(of: input)
            ))
        case "ContentPart":
            if payload["type"]?.stringValue == "text", let text = payload["text"]?.stringValue {
                assistantText += text
            }
        case "TurnEnd", "StepBegin", "ToolCall", "ToolResult":
            flushAssistant()
        default:
            break
        }
    }

    /// The entries, including a trailing assistant message.
    mutating func finish() -> [TranscriptEntry] {
        flushAssistant()
        return entries
    }

    private mutating func flushAssistant() {
        if !assistantText.isEmpty {
            entries.append(TranscriptEntry(role: .assistant, text: assistantText))
            assistantText = ""
        }
    }
}
