import Foundation
import KimiConformance
import KimiRuntime
import Testing

/// Kimi-specific behaviour against the real Kimi CLI (offline). Needs `KIMI_CLI_PATH`.
@Suite("Real Kimi CLI specifics", .timeLimit(.minutes(3)), .realKimiPeer)
struct RealKimiTests {
    @Test("a thinking change restarts the CLI with the other flag under the same session id")
    func thinkingRestart() async throws {
        let harness = try TestEnvironment.harness()
        defer { harness.tearDown() }
        try await harness.script([.reply(["one"], thinking: "hmm")])
        let runtime = harness.makeKimiRuntime()
        let session = try await runtime.makeSession(SessionOptions(
            model: harness.model, workDirectory: harness.workDirectory, reasoningEffort: .high
        ))
        let firstPID = try #require(await session.peerProcessID)
        #expect(await session.peerArguments?.contains("--thinking") == true)
        let first = try await session.execute("first")
        #expect(first.reasoning == "hmm")
        try await session.setReasoningEffort(.disabled)
        try await harness.script([.reply(["two"])])
        let second = try await session.execute("second")
        #expect(second.text == "two")
        let secondPID = try #require(await session.peerProcessID)
        #expect(secondPID != firstPID)
        #expect(await session.peerArguments?.contains("--no-thinking") == true)
        #expect(await session.peerArguments?.contains(session.id) == true)
        #expect(await TestEnvironment.waitUntilGone(firstPID))
        let history = try await session.history()
        #expect(history.filter { $0.role == .user }.map(\.text) == ["first", "second"])
        await session.close()
        #expect(await TestEnvironment.waitUntilGone(secondPID))
    }

    @Test("an image to a model without image input is declined as unsupported vision input; unpriced models have no cost")
    func textOnlyModel() async throws {
        let harness = try TestEnvironment.harness()
        defer { harness.tearDown() }
        try await harness.script([.reply(["plain"], usage: TokenUsage(inputOther: 5, output: 5))])
        let session = try await harness.makeKimiRuntime().makeSession(SessionOptions(
            model: KimiScriptedHarness.textOnlyModel, workDirectory: harness.workDirectory
        ))
        let error = await runtimeError {
            _ = try await session.execute(Prompt("look", images: [.bytes(ConformanceFixtures.onePixelPNG, mediaType: "image/png")]))
        }
        #expect(error == .unsupportedFeature(.visionInput))
        let result = try await session.execute("no image")
        #expect(result.text == "plain")
        #expect(result.usage == TokenUsage(inputOther: 5, output: 5))
        #expect(result.cost == nil)
        #expect(await session.totals().costUSD == nil)
        await session.close()
    }

    @Test("images by path and by data URL reach the CLI as data URIs")
    func imagePathAndURL() async throws {
        let harness = try TestEnvironment.harness()
        defer { harness.tearDown() }
        let file = harness.workDirectory.appendingPathComponent("pixel.png")
        try ConformanceFixtures.onePixelPNG.write(to: file)
        let dataURI = "data:image/png;base64," + ConformanceFixtures.onePixelPNG.base64EncodedString()
        let url = try #require(URL(string: dataURI))
        try await harness.script([.reply(["seen"])])
        let session = try await harness.makeKimiRuntime().makeSession(SessionOptions(
            model: harness.model, workDirectory: harness.workDirectory
        ))
        _ = try await session.execute(Prompt("two images", images: [.path(file.path), .url(url)]))
        let history = try await session.history()
        #expect(history.first?.imageURLs == [dataURI, dataURI])
        #expect(history.first?.text == "two images")
        await session.close()
    }

    @Test("yolo runs tools without asking")
    func yolo() async throws {
        let harness = try TestEnvironment.harness()
        defer { harness.tearDown() }
        try await harness.script([.shellCommand("echo yolo-ran"), .reply(["done"])])
        let session = try await harness.makeKimiRuntime().makeSession(SessionOptions(
            model: harness.model, workDirectory: harness.workDirectory, yolo: true
        ))
        let result = try await session.execute("run")
        #expect(result.toolResults.first?.output.contains("yolo-ran") == true)
        #expect(result.toolResults.first?.isError == false)
        await session.close()
    }

    @Test("without a permission callback tool calls are denied")
    func noCallbackDenies() async throws {
        let harness = try TestEnvironment.harness()
        defer { harness.tearDown() }
        try await harness.script([.shellCommand("touch should-not-exist"), .reply(["done"])])
        let session = try await harness.makeKimiRuntime().makeSession(SessionOptions(
            model: harness.model, workDirectory: harness.workDirectory
        ))
        let result = try await session.execute("run")
        #expect(result.toolResults.first?.isError == true)
        #expect(!FileManager.default.fileExists(atPath: harness.workDirectory.appendingPathComponent("should-not-exist").path))
        await session.close()
    }

    @Test("closing leaves neither the CLI nor its MCP server behind")
    func noProcessLeftBehind() async throws {
        let harness = try TestEnvironment.harness()
        defer { harness.tearDown() }
        let marker = "leak-check-\(UUID().uuidString.lowercased())"
        let server = try McpServerRef.stdio(
            name: "fixture", command: TestEnvironment.python(),
            arguments: [try TestEnvironment.fixtures().appendingPathComponent("mcp_echo_server.py").path, marker]
        )
        try await harness.script([.mcpToolCall(tool: "add", argumentsJSON: #"{"a":2,"b":3}"#), .reply(["5"])])
        let session = try await harness.makeKimiRuntime().makeSession(SessionOptions(
            model: harness.model, workDirectory: harness.workDirectory, onPermission: { _ in .allow }, mcpServers: [server]
        ))
        let result = try await session.execute("add")
        #expect(result.toolResults.first?.output == "5")
        let cliPID = try #require(await session.peerProcessID)
        let serverPIDs = TestEnvironment.processes(withArgument: marker)
        #expect(!serverPIDs.isEmpty, "the MCP server is not running during the session")
        await session.close()
        #expect(await TestEnvironment.waitUntilGone(cliPID))
        for pid in serverPIDs { #expect(await TestEnvironment.waitUntilGone(pid)) }
        #expect(TestEnvironment.processes(withArgument: marker).isEmpty)
    }
}
