import Testing

@testable import KimiRuntime

@Suite("Turn event mapping")
struct TurnAccumulatorTests {
    @Test("events map to runtime events and hooks; tool calls are announced with complete arguments")
    func mapping() {
        var turn = TurnAccumulator()
        var outputs: [TurnAccumulator.Output] = []
        func feed(_ type: String, _ payload: JSONValue) { outputs += turn.consume(type: type, payload: payload) }
        feed("TurnBegin", ["user_input": "hi"])
        feed("StepBegin", ["n": 1])
        feed("ContentPart", ["type": "think", "think": "hmm", "encrypted": nil])
        feed("ContentPart", ["type": "text", "text": "Hel"])
        feed("ContentPart", ["type": "text", "text": "lo"])
        feed("ToolCall", ["type": "function", "id": "t1", "function": ["name": "Shell", "arguments": #"{"command":"#], "extras": nil])
        feed("ToolCallPart", ["arguments_part": #""ls"}"#])
        feed("StatusUpdate", ["token_usage": ["input_other": 5, "output": 2, "input_cache_read": 3, "input_cache_creation": 0], "plan_mode": false])
        feed("ToolResult", ["tool_call_id": "t1", "return_value": ["is_error": false, "output": "a\nb\n", "message": "ok", "display": []]])
        feed("StepRetry", ["n": 1, "next_attempt": 2, "max_attempts": 3, "wait_s": .double(0.8), "error_type": "APIStatusError", "status_code": 500])
        feed("CompactionBegin", [:])
        feed("StatusUpdate", ["token_usage": nil, "context_usage": nil])
        feed("ToolCall", ["id": "t2", "function": ["name": "echo", "arguments": "{}"]])
        feed("ToolResult", ["tool_call_id": "t2", "return_value": ["is_error": true, "output": [["type": "text", "text": "x"], ["type": "image_url"]], "message": "rejected"]])
        feed("SteerInput", ["user_input": [["type": "text", "text": "also"]]])
        feed("BrandNewEvent", ["whatever": 1])
        feed("StatusUpdate", ["token_usage": ["input_other": 1, "output": 1]])
        // A subagent's model calls cost the session too (their StatusUpdate comes wrapped).
        feed("SubagentEvent", ["task_tool_call_id": "t3", "event": ["type": "StatusUpdate", "payload": ["token_usage": ["input_other": 10, "output": 4]]]])
        feed("SubagentEvent", ["task_tool_call_id": "t3", "event": ["type": "ContentPart", "payload": ["type": "text", "text": "sub"]]])

        let call = ToolCallInfo(id: "t1", name: "Shell", arguments: #"{"command":"ls"}"#)
        let ok = ToolResultInfo(toolCallID: "t1", toolName: "Shell", isError: false, output: "a\nb\n", message: "ok")
        let call2 = ToolCallInfo(id: "t2", name: "echo", arguments: "{}")
        let failed = ToolResultInfo(toolCallID: "t2", toolName: "echo", isError: true, output: "x", message: "rejected")
        let expected: [TurnAccumulator.Output] = [
            .event(.reasoningDelta("hmm")),
            .event(.textDelta("Hel")),
            .event(.textDelta("lo")),
            .event(.toolCallStart(call)), .hook(.preToolUse(call)),
            .event(.toolCallResult(ok)), .hook(.postToolUse(ok)),
            .hook(.rateLimit(RateLimitInfo(attempt: 1, nextAttempt: 2, maxAttempts: 3, waitSeconds: 0.8, errorType: "APIStatusError", statusCode: 500))),
            .hook(.preCompact),
            .event(.toolCallStart(call2)), .hook(.preToolUse(call2)),
            .event(.toolCallResult(failed)), .hook(.toolFailure(failed)),
        ]
        #expect(outputs == expected)
        #expect(turn.text == "Hello")
        #expect(turn.reasoning == "hmm")
        #expect(turn.usage == TokenUsage(inputOther: 16, output: 7, inputCacheRead: 3))
        #expect(turn.toolCalls == [call, call2])
        #expect(turn.steers == ["also"])
    }

    @Test("the transcript is rebuilt from replayed events")
    func transcript() {
        var builder = TranscriptBuilder()
        builder.consume(type: "TurnBegin", payload: ["user_input": "one"])
        builder.consume(type: "StepBegin", payload: ["n": 1])
        builder.consume(type: "ContentPart", payload: ["type": "text", "text": "a"])
        builder.consume(type: "ContentPart", payload: ["type": "think", "think": "hidden"])
        builder.consume(type: "ContentPart", payload: ["type": "text", "text": "b"])
        builder.consume(type: "SteerInput", payload: ["user_input": "more"])
        builder.consume(type: "ContentPart", payload: ["type": "text", "text": "c"])
        builder.consume(type: "TurnEnd", payload: [:])
        builder.consume(type: "TurnBegin", payload: ["user_input": [["type": "text", "text": "two"], ["type": "image_url", "image_url": ["url": "data:x", "id": nil]]]])
        #expect(builder.finish() == [
            TranscriptEntry(role: .user, text: "one"),
            TranscriptEntry(role: .assistant, text: "ab"),
            TranscriptEntry(role: .user, text: "more"),
            TranscriptEntry(role: .assistant, text: "c"),
            TranscriptEntry(role: .user, text: "two", imageURLs: ["data:x"]),
        ])
    }
}
