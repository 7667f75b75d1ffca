/// Folds the Wire events of one turn into runtime events, hook events and the turn's result.
///
/// Pure (no I/O), so the event mapping is testable without a process. Tool calls are announced
/// once their streamed argument fragments are complete, i.e. when the next non-fragment event
/// arrives.
struct TurnAccumulator {
    /// Something to deliver, in order.
    enum Output: Sendable, Hashable {
        case event(RuntimeEvent)
        case hook(HookEvent)
    }

    private(set) var text = ""
    private(set) var reasoning = ""
    private(set) var toolCalls: [ToolCallInfo] = []
    private(set) var toolResults: [ToolResultInfo] = []
    private(set) var usage = TokenUsage.zero
    private(set) var steers: [String] = []
    private var pendingCall: ToolCallInfo?
    private var callsByID: [String: ToolCallInfo] = [:]

    /// The tool call with `id`, when it was seen.
    func call(id: String) -> ToolCallInfo? {
        callsByID[id] ?? (pendingCall?.id == id ? pendingCall : nil)
    }

    /// Consumes one event.
    mutating func consume(type: String, payload: JSONValue) -> [Output] {
        if type == "ToolCallPart" {
            if let part = payload["arguments_part"]?.stringValue, pendingCall != nil {
                pendingCall?.arguments += part
            }
            return []
        }
        var outputs = flush()
        switch type {
        case "ContentPart":
            switch payload["type"]?.stringValue {
            case "text":
                if let delta = payload["text"]?.stringValue, !delta.isEmpty {
                    text += delta
                    outputs.append(.event(.textDelta(delta)))
                }
            case "think":
                if let delta = payload["think"]?.stringValue, !delta.isEmpty {
                    reasoning += delta
                    outputs.append(.event(.reasoningDelta(delta)))
                }
            default:
                break
            }
        case "ToolCall":
            let id = payload["id"]?.stringValue ?? ""
            let function = payload["function"]
            let name = function?["name"]?.stringValue ?? ""
            let arguments = function?["arguments"]?.stringValue ?? ""
            pendingCall = ToolCallInfo(id: id, name: name, arguments: arguments)
        case "ToolResult":
            let id = payload["tool_call_id"]?.stringValue ?? ""
            let value = payload["return_value"] ?? .null
            let result = ToolResultInfo(
                toolCallID: id,
                toolName: callsByID[id]?.name ?? "",
                isError: value["is_error"]?.boolValue ?? false,
                output: Self.text(of: value["output"]),
                message: value["message"]?.stringValue ?? ""
            )
            toolResults.append(result)
            outputs.append(.event(.toolCallResult(result)))
            outputs.append(.hook(result.isError ? .toolFailure(result) : .postToolUse(result)))
        case "StatusUpdate", "SubagentEvent":
            usage += TokenUsage(wireMessage: ["type": .string(type), "payload": payload])
        case "StepRetry":
            let attempt = payload["n"]?.intValue ?? 0
            outputs.append(.hook(.rateLimit(RateLimitInfo(
                attempt: attempt,
                nextAttempt: payload["next_attempt"]?.intValue ?? attempt + 1,
                maxAttempts: payload["max_attempts"]?.intValue ?? 0,
                waitSeconds: payload["wait_s"]?.doubleValue ?? 0,
                errorType: payload["error_type"]?.stringValue ?? "",
                statusCode: payload["status_code"]?.intValue
            ))))
        case "CompactionBegin":
            outputs.append(.hook(.preCompact))
        case "SteerInput":
            steers.append(Self.text(of: payload["user_input"]))
        default:
            // TurnBegin, TurnEnd, StepBegin, StepInterrupted, MCPLoading*, ApprovalResponse,
            // … and anything newer: nothing to report.
            break
        }
        return outputs
    }

    /// Announces a tool call whose arguments are complete.
    mutating func flush() -> [Output] {
        guard let call = pendingCall else { return [] }
        pendingCall = nil
        callsByID[call.id] = call
        toolCalls.append(call)
        return [.event(.toolCallStart(call)), .hook(.preToolUse(call))]
    }

    /// The text of a string or of an array of content parts (text parts joined).
    static func text(of value: JSONValue?) -> String {
        switch value {
        case .string(let text)?:
            return text
        case .array(let parts)?:
            return parts.compactMap { part -> String? in
                if let text = part.stringValue { return text }
                if part["type"]?.stringValue == "text" { return part["text"]?.stringValue }
                return nil
            }.joined()
        default:
            return ""
        }
    }

    /// The image URLs of an array of content parts.
    static func imageURLs(of value: JSONValue?) -> [String] {
        guard case .array(let parts)? = value else { return [] }
        return parts.compactMap { part in
            part["type"]?.stringValue == "image_url" ? part["image_url"]?["url"]?.stringValue : nil
        }
    }
}
