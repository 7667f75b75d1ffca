import Foundation
import Testing

@testable import KimiRuntime

/// The pure parts of the ACP backend: update mapping, model choice, file confinement, answers.
@Suite("ACP mapping")
struct AcpMappingTests {
    private func parse(_ text: String) throws -> JSONValue { try JSONValue.parse(text) }

    @Test("a tool call is announced once its arguments are complete; its result follows with the matching hook")
    func toolCallLifecycle() throws {
        var accumulator = AcpTurnAccumulator()
        #expect(accumulator.consume(try parse(#"{"sessionUpdate":"tool_call","toolCallId":"t/1","title":"Shell","status":"in_progress","content":[{"type":"content","content":{"type":"text","text":"{\"comm"}}]}"#)).isEmpty)
        #expect(accumulator.consume(try parse(#"{"sessionUpdate":"tool_call_update","toolCallId":"t/1","title":"Shell: ls","status":"in_progress","content":[{"type":"content","content":{"type":"text","text":"{\"command\":\"ls\"}"}}]}"#)).isEmpty)
        let call = ToolCallInfo(id: "t/1", name: "Shell", arguments: #"{"command":"ls"}"#)
        #expect(accumulator.flush() == [.event(.toolCallStart(call)), .hook(.preToolUse(call))])
        let done = accumulator.consume(try parse(#"{"sessionUpdate":"tool_call_update","toolCallId":"t/1","status":"completed","content":[{"type":"content","content":{"type":"text","text":"a.txt"}}]}"#))
        let result = ToolResultInfo(toolCallID: "t/1", toolName: "Shell", isError: false, output: "a.txt", message: "")
        #expect(done == [.event(.toolCallResult(result)), .hook(.postToolUse(result))])
        #expect(accumulator.toolCalls == [call] && accumulator.toolResults == [result])
    }

    @Test("a failed or deferred call is a tool failure; chunks are text and reasoning; usage comes from the prompt answer")
    func failuresChunksAndUsage() throws {
        var accumulator = AcpTurnAccumulator()
        accumulator.deferredCalls = ["d"]
        _ = accumulator.consume(try parse(#"{"sessionUpdate":"tool_call","toolCallId":"d","title":"WriteFile","rawInput":{"path":"x"}}"#))
        let outputs = accumulator.consume(try parse(#"{"sessionUpdate":"tool_call_update","toolCallId":"d","status":"failed"}"#))
        guard case .hook(.toolFailure(let failure))? = outputs.last else {
            Issue.record("no toolFailure hook: \(outputs)")
            return
        }
        #expect(failure.isError && failure.message.contains("deferred") && failure.toolName == "WriteFile")
        #expect(accumulator.toolCalls.first?.arguments == #"{"path":"x"}"#)
        _ = accumulator.consume(try parse(#"{"sessionUpdate":"agent_thought_chunk","content":{"type":"text","text":"hm"}}"#))
        _ = accumulator.consume(try parse(#"{"sessionUpdate":"agent_message_chunk","content":{"type":"text","text":"hi"}}"#))
        _ = accumulator.consume(try parse(#"{"sessionUpdate":"something_new","x":null}"#))
        #expect(accumulator.text == "hi" && accumulator.reasoning == "hm")
        accumulator.finish(promptResult: try parse(#"{"stopReason":"end_turn","usage":{"totalTokens":9,"inputTokens":7,"outputTokens":2,"cachedReadTokens":3}}"#))
        #expect(accumulator.usageReported && accumulator.usage == TokenUsage(inputOther: 4, output: 2, inputCacheRead: 3))
    }

    @Test("model and thinking: set_model with the thinking variant, or set_config_option; an unoffered model is refused")
    func modelSelection() throws {
        let legacy = try parse(#"{"models":{"availableModels":[{"modelId":"m"},{"modelId":"m,thinking"}],"currentModelId":"m"}}"#)
        #expect(try AcpModelSelection.modelRequest(sessionID: "s", state: legacy, model: "m", thinking: true)?.params["modelId"] == "m,thinking")
        #expect(try AcpModelSelection.modelRequest(sessionID: "s", state: legacy, model: "m", thinking: false) == nil)
        #expect(try AcpModelSelection.modelRequest(sessionID: "s", state: legacy, model: nil, thinking: nil) == nil)
        #expect(throws: RuntimeError.self) { try AcpModelSelection.modelRequest(sessionID: "s", state: legacy, model: "gpt-4o", thinking: nil) }
        let maintained = try parse(#"{"configOptions":[{"id":"model","category":"model","type":"select","currentValue":"a","options":[{"value":"a"},{"value":"b"}]},{"id":"thinking","category":"thought_level","type":"select","currentValue":"off","options":[{"value":"off"},{"value":"on"}]}]}"#)
        let model = try #require(try AcpModelSelection.modelRequest(sessionID: "s", state: maintained, model: "b", thinking: true))
        #expect(model.method == "session/set_config_option" && model.params["configId"] == "model" && model.params["value"] == "b")
        #expect(AcpModelSelection.thinkingRequest(sessionID: "s", state: maintained, thinking: true)?.params["value"] == "on")
        #expect(AcpModelSelection.thinkingRequest(sessionID: "s", state: maintained, thinking: false) == nil)
        #expect(AcpModelSelection.currentModel(in: maintained) == "a" && AcpModelSelection.currentModel(in: legacy) == "m")
    }

    @Test("file access stays inside the working directory, also through symbolic links")
    func fileConfinement() throws {
        let root = try TestEnvironment.temporaryDirectory("acp-fs")
        defer { try? FileManager.default.removeItem(at: root) }
        let work = root.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: work.appendingPathComponent("escape").path, withDestinationPath: root.path)
        try Data("line1\nline2\nline3".utf8).write(to: work.appendingPathComponent("f.txt"))
        let access = AcpFileAccess(root: work.path)
        #expect(throws: AcpFileAccess.Failure.self) { try access.confined(work.appendingPathComponent("escape/secret").path) }
        #expect(throws: AcpFileAccess.Failure.self) { try access.confined(work.path + "/../x") }
        #expect(throws: AcpFileAccess.Failure.self) { try access.confined("relative.txt") }
        #expect(throws: AcpFileAccess.Failure.self) { try access.confined(work.path + "-sibling/x") }
        let read = access.answer(method: "fs/read_text_file", params: ["path": .string(work.appendingPathComponent("f.txt").path), "line": 2, "limit": 1])
        #expect(read == .success(["content": "line2"]))
        let nested = work.appendingPathComponent("new/dir/g.txt").path
        #expect(access.answer(method: "fs/write_text_file", params: ["path": .string(nested), "content": "x"]) == .success(.null))
        #expect(try String(contentsOfFile: nested, encoding: .utf8) == "x")
    }

    @Test("permission answers pick the offered option kinds; prompts become ACP blocks")
    func answersAndBlocks() throws {
        let options = try parse(#"[{"optionId":"a1","kind":"allow_always"},{"optionId":"a","kind":"allow_once"},{"optionId":"r","kind":"reject_once"}]"#).arrayValue ?? []
        #expect(AcpWireValues.permissionOutcome(.allow, options: options) == ["outcome": ["outcome": "selected", "optionId": "a"]])
        #expect(AcpWireValues.permissionOutcome(.deny, options: options) == ["outcome": ["outcome": "selected", "optionId": "r"]])
        #expect(AcpWireValues.permissionOutcome(.defer, options: options) == ["outcome": ["outcome": "selected", "optionId": "r"]])
        #expect(AcpWireValues.permissionOutcome(.deny, options: []) == ["outcome": ["outcome": "cancelled"]])
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0])
        let blocks = try AcpWireValues.promptBlocks(for: Prompt("look", images: [.bytes(png, mediaType: "image/png")]))
        #expect(blocks == [["type": "text", "text": "look"], ["type": "image", "mimeType": "image/png", "data": .string(png.base64EncodedString())]])
        #expect(throws: RuntimeError.unsupportedFeature(.fileInput)) {
            try AcpWireValues.promptBlocks(for: Prompt("x", files: [.bytes(Data("a".utf8), filename: "a.txt", mediaType: "text/plain")]))
        }
        let server = try McpServerRef.http(name: "h", url: try #require(URL(string: "http://127.0.0.1:1/mcp")), bearerToken: "t")
        #expect(AcpWireValues.mcpServer(server)["headers"] == [["name": "Authorization", "value": "Bearer t"]])
    }

    @Test("kimi-cli's session log: StatusUpdate usage (also inside SubagentEvent) of complete lines, read once")
    func usageLog() throws {
        let share = try TestEnvironment.temporaryDirectory("usage-log")
        defer { try? FileManager.default.removeItem(at: share) }
        #expect(AcpUsageLog.locate(sessionID: "s-1", environment: ["KIMI_SHARE_DIR": share.path]) == nil)
        let directory = share.appendingPathComponent("sessions/0123abcd/s-1", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("wire.jsonl")
        let before = #"{"timestamp": 1, "message": {"type": "StatusUpdate", "payload": {"token_usage": {"input_other": 999, "output": 1}}}}"#
        try Data((before + "\n").utf8).write(to: file)
        var log = try #require(AcpUsageLog.locate(sessionID: "s-1", environment: ["KIMI_SHARE_DIR": share.path]))
        #expect(log.readNew() == .zero)  // what was there at start belongs to earlier turns
        let lines = [
            #"{"timestamp": 2, "message": {"type": "TurnBegin", "payload": {"user_input": "StatusUpdate"}}}"#,
            #"{"timestamp": 3, "message": {"type": "StatusUpdate", "payload": {"token_usage": {"input_other": 100, "output": 50, "input_cache_read": 10, "input_cache_creation": 5}}}}"#,
            #"{"timestamp": 4, "message": {"type": "SubagentEvent", "payload": {"event": {"type": "StatusUpdate", "payload": {"token_usage": {"input_other": 1, "output": 2}}}}}}"#,
            #"{"timestamp": 5, "message": {"type": "StatusUpdate", "payload": {"token_usage": {"input_other": 7"#,
        ]
        let handle = try FileHandle(forWritingTo: file)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(lines.joined(separator: "\n").utf8))
        #expect(log.readNew() == TokenUsage(inputOther: 101, output: 52, inputCacheRead: 10, inputCacheCreation: 5))
        try handle.write(contentsOf: Data(#", "output": 3}}}}"#.utf8) + Data("\n".utf8))
        try handle.close()
        #expect(log.readNew() == TokenUsage(inputOther: 7, output: 3))
        #expect(log.readNew() == .zero)
        try Data().write(to: file)
        #expect(log.readNew() == nil)  // a log that shrank is not trusted
        #expect(AcpUsageLog.shareDirectory(["HOME": "/home/u"]).path == "/home/u/.kimi")
    }
}
