/// Folds the ACP `session/update` notifications of one turn into runtime events, hook events
/// and the turn's result.
///
/// Pure (no I/O), so the mapping is testable without a process. A tool call is announced
/// (``RuntimeEvent/toolCallStart(_:)`` and the `preToolUse` hook) once its arguments are
/// complete: when anything other than an update of its arguments arrives (another update, a
/// permission request, its result, the end of the turn).
struct AcpTurnAccumulator {
    typealias Output = TurnAccumulator.Output

    private(set) var text = ""
    private(set) var reasoning = ""
    private(set) var toolCalls: [ToolCallInfo] = []
    private(set) var toolResults: [ToolResultInfo] = []
    private(set) var usage = TokenUsage.zero
    /// Whether the agent reported token usage for the turn.
    private(set) var usageReported = false
    private var calls: [String: ToolCallInfo] = [:]
    private var unannounced: [String] = []
    private var finished: Set<String> = []
    /// Messages to report for calls the caller deferred (ACP cannot tell the model).
    var deferredCalls: Set<String> = []

    /// The tool call with `id`, when it was seen.
    func call(id: String) -> ToolCallInfo? { calls[id] }

    /// Consumes the `update` of one `session/update` notification.
    mutating func consume(_ update: JSONValue) -> [Output] {
        let kind = update["sessionUpdate"]?.stringValue ?? ""
        if kind == "tool_call" || kind == "tool_call_update" {
            return consumeToolUpdate(update, isStart: kind == "tool_call")
        }
        var outputs = flush()
        switch kind {
        case "agent_message_chunk":
            if let delta = Self.chunkText(update), !delta.isEmpty {
                text += delta
                outputs.append(.event(.textDelta(delta)))
            }
        case "agent_thought_chunk":
            if let delta = Self.chunkText(update), !delta.isEmpty {
                reasoning += delta
                outputs.append(.event(.reasoningDelta(delta)))
            }
        default:
            // user_message_chunk, plan, usage_update, available_commands_update,
            // current_mode_update, config_option_update, … and anything newer.
            break
        }
        return outputs
    }

    /// Announces the tool calls whose arguments are complete.
    mutating func flush() -> [Output] {
        var outputs: [Output] = []
        for id in unannounced {
            guard let call = calls[id] else { continue }
            toolCalls.append(call)
            outputs.append(.event(.toolCallStart(call)))
            outputs.append(.hook(.preToolUse(call)))
        }
        unannounced.removeAll()
        return outputs
    }

    /// Records the `usage` of the `session/prompt` answer, when the agent sent one.
    mutating func finish(promptResult: JSONValue) {
        guard let reported = promptResult["usage"], case .object = reported else { return }
        let cacheRead = reported["cachedReadTokens"]?.intValue ?? 0
        let cacheWrite = reported["cachedWriteTokens"]?.intValue ?? 0
        let input = reported["inputTokens"]?.intValue ?? 0
        usage = TokenUsage(
            inputOther: max(0, input - cacheRead - cacheWrite),
            output: reported["outputTokens"]?.intValue ?? 0,
            inputCacheRead: cacheRead,
            inputCacheCreation: cacheWrite
        )
        usageReported = true
    }

    /// Takes `logged` as the turn's usage (the agent reported none; its own log did).
    mutating func adopt(_ logged: TokenUsage) {
        usage = logged
        usageReported = true
    }

    private mutating func consumeToolUpdate(_ update: JSONValue, isStart: Bool) -> [Output] {
        let id = update["toolCallId"]?.stringValue ?? ""
        var outputs: [Output] = []
        if !unannounced.contains(id) { outputs += flush() }
        var call = calls[id] ?? ToolCallInfo(id: id, name: "", arguments: "")
        if let title = update["title"]?.stringValue, call.name.isEmpty || isStart {
            call.name = Self.toolName(title: title, kind: update["kind"]?.stringValue)
        }
        if let raw = update["rawInput"], !raw.isNull, let json = try? raw.serialized() {
            call.arguments = json
        } else if let argumentText = Self.contentText(update["content"]), !finished.contains(id),
            !Self.isTerminal(update["status"]?.stringValue)
        {
            call.arguments = argumentText
        }
        let known = calls[id] != nil
        calls[id] = call
        if !known, !finished.contains(id) { unannounced.append(id) }
        if unannounced.contains(id), let index = toolCalls.firstIndex(where: { $0.id == id }) {
            toolCalls[index] = call
        }
        let status = update["status"]?.stringValue
        if Self.isTerminal(status), finished.insert(id).inserted {
            outputs += flush()
            outputs += result(for: call, update: update, failed: status == "failed")
        }
        return outputs
    }

    private mutating func result(for call: ToolCallInfo, update: JSONValue, failed: Bool) -> [Output] {
        var output = Self.contentText(update["content"]) ?? ""
        if output.isEmpty, let raw = update["rawOutput"], !raw.isNull {
            output = raw.stringValue ?? ((try? raw.serialized()) ?? "")
        }
        let deferred = deferredCalls.contains(call.id)
        let result = ToolResultInfo(
            toolCallID: call.id,
            toolName: call.name,
            isError: failed || deferred,
            output: output,
            message: deferred ? AcpSession.deferredMessage : ""
        )
        toolResults.append(result)
        return [.event(.toolCallResult(result)), .hook(result.isError ? .toolFailure(result) : .postToolUse(result))]
    }

    static func isTerminal(_ status: String?) -> Bool {
        status == "completed" || status == "failed"
    }

    /// The tool's name from an ACP title (`Shell: ls` → `Shell`), else its kind.
    static func toolName(title: String, kind: String?) -> String {
        let name = title.split(separator: ":", maxSplits: 1).first.map(String.init) ?? title
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? (kind ?? "") : trimmed
    }

    /// The text of a chunk update's `content` block.
    static func chunkText(_ update: JSONValue) -> String? {
        let content = update["content"]
        guard content?["type"]?.stringValue == "text" else { return nil }
        return content?["text"]?.stringValue
    }

    /// The text of a tool call's `content` list (`content` blocks of type text, joined).
    static func contentText(_ content: JSONValue?) -> String? {
        guard let items = content?.arrayValue else { return nil }
        let texts = items.compactMap { item -> String? in
            guard item["type"]?.stringValue == "content" else { return nil }
            let block = item["content"]
            return block?["type"]?.stringValue == "text" ? block?["text"]?.stringValue : nil
        }
        return texts.isEmpty ? nil : texts.joined(separator: "\n")
    }
}
