import Foundation
import KimiRuntime

/// The checks of tools the agent reaches outside its own process: MCP servers and files.
extension CheckContext {
    func mcpTool(_ transport: McpServerRef.Transport) async throws {
        let runtime = try await harness.makeRuntime()
        let feature: Feature = transport == .stdio ? .mcpStdio : .mcpHttp
        guard runtime.supports(feature) else { return }
        guard let server = transport == .stdio ? harness.mcpStdioServer : harness.mcpHttpServer else {
            throw fail("the harness provides no \(transport.rawValue) MCP server")
        }
        let marker = randomMarker("mcp")
        try await harness.script([
            .mcpToolCall(tool: "echo", argumentsJSON: #"{"text":"\#(marker)"}"#),
            .reply(["mcp done"]),
        ])
        let recorder = ConformanceRecorder()
        let session = try await runtime.startSession(options(configure: { $0.mcpServers = [server] }, onPermission: { request in
            await recorder.record(request)
            return .allow
        }))
        try await withSession(session) { session in
            let (events, result) = try await collect(session.stream("Use the echo tool"))
            let requests = await recorder.permissionRequests
            try expectEqual(requests.count, 1, "permission requests for the MCP tool")
            try expect(requests[0].toolName.contains("echo"), "the permission request names \(requests[0].toolName), not the echo tool")
            let results = toolResults(events)
            try expectEqual(results.count, 1, "tool results")
            try expect(!results[0].isError, "the MCP tool failed: \(results[0])")
            try expect(results[0].output.contains("echo: \(marker)"), "the MCP tool's output is missing: \(results[0])")
            try expectEqual(result.text, "mcp done", "final text")
        }
    }

    func fileToolsInWorkDirectory() async throws {
        let runtime = try await harness.makeRuntime()
        let name = randomMarker("file") + ".txt"
        let content = randomMarker("content")
        let file = harness.workDirectory.appendingPathComponent(name)
        try await harness.script([
            .writeFile(path: file.path, content: content), .reply(["written"]),
            .readFile(path: file.path), .reply(["read"]),
        ])
        let session = try await runtime.startSession(options(onPermission: { _ in .allow }))
        try await withSession(session) { session in
            let (writeEvents, written) = try await collect(session.stream("Write the file"))
            try expectEqual(written.text, "written", "text after the write")
            let writeResults = toolResults(writeEvents)
            try expectEqual(writeResults.count, 1, "tool results of the write")
            try expect(!writeResults[0].isError, "the write failed: \(writeResults[0])")
            let onDisk = try? String(contentsOf: file, encoding: .utf8)
            try expectEqual(onDisk, content, "the file's content on disk")
            let (readEvents, read) = try await collect(session.stream("Read the file"))
            try expectEqual(read.text, "read", "text after the read")
            let readResults = toolResults(readEvents)
            try expectEqual(readResults.count, 1, "tool results of the read")
            try expect(readResults[0].output.contains(content), "the read did not return the file's content: \(readResults[0])")
        }
    }
}
