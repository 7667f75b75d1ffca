import Foundation
import KimiConformance
import KimiRuntime
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The fake OpenAI-compatible model server of the conformance kit, alone and behind the real
/// kimi-cli 1.51.0 (its `openai_legacy` provider) over both protocols.
@Suite("Fake OpenAI-compatible model server", .serialized, .timeLimit(.minutes(3)))
struct FakeModelServerTests {
    private func post(_ server: FakeModelServer, stream: Bool) async throws -> (Int, String) {
        var request = URLRequest(url: try #require(URL(string: server.baseURL + "/chat/completions")))
        request.httpMethod = "POST"
        request.httpBody = Data(#"{"model":"fake-model","stream":\#(stream),"messages":[]}"#.utf8)
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    @Test("scripted replies: streamed chunks with reasoning and usage, a tool call, an error, a 429, then the default")
    func scriptedReplies() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        server.script([
            .text(["Hel", "lo"], reasoning: "hmm", usage: .init(promptTokens: 10, completionTokens: 2, cachedTokens: 4)),
            .toolCall(name: "Shell", argumentsJSON: #"{"command":"ls"}"#),
            .error(status: 500, message: "boom"),
            .rateLimited,
        ])
        let (status, body) = try await post(server, stream: true)
        #expect(status == 200)
        #expect(body.contains(#""content":"Hel""#) && body.contains(#""reasoning_content":"hmm""#))
        #expect(body.contains(#""cached_tokens":4"#) && body.hasSuffix("data: [DONE]\n\n"))
        let (toolStatus, toolBody) = try await post(server, stream: false)
        #expect(toolStatus == 200 && toolBody.contains(#""finish_reason":"tool_calls""#) && toolBody.contains(#""name":"Shell""#))
        #expect(try await post(server, stream: true).0 == 500)
        #expect(try await post(server, stream: true).0 == 429)
        #expect(try await post(server, stream: false).1.contains(#""content":"ok""#))
        #expect(server.requestCount == 5)
    }

    @Test("the MCP endpoint answers initialize, tools/list and an echo call")
    func mcpEndpoint() async throws {
        let server = try FakeModelServer()
        defer { server.stop() }
        var request = URLRequest(url: try #require(server.mcpURL))
        request.httpMethod = "POST"
        request.httpBody = Data(#"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"echo","arguments":{"text":"x"}}}"#.utf8)
        let (data, _) = try await URLSession.shared.data(for: request)
        #expect(String(decoding: data, as: UTF8.self).contains("echo: x"))
    }

    @Test("real kimi-cli 1.51.0 through the fake server", arguments: [KimiAgentProtocol.wire, .acp])
    func realKimi(_ agentProtocol: KimiAgentProtocol) async throws {
        let harness = try FakeModelHarness(
            executable: try TestEnvironment.realKimi(), agentProtocol: agentProtocol, cliKind: .legacy,
            mcpStdioServer: try TestEnvironment.mcpEchoServer(), verifyPeerVersion: true
        )
        defer { harness.tearDown() }
        let suite = ConformanceSuite(harness: harness)
        // The full suite runs through this server in `kimi-conformance`; here the checks that
        // exercise what the server scripts: streamed text and reasoning with usage, a tool call
        // (the USD cap priced from the server's usage: `realKimiBudgetCap`).
        for check in [ConformanceCheck.streamingTextAndReasoning, .permissionAllowed] {
            try await suite.run(check)
        }
        // A 429 and a 500 are retried inside the CLI; the turn succeeds.
        try await harness.script([.providerError(status: 429), .providerError(status: 500), .reply(["after the errors"])])
        let before = harness.server.requestCount
        let session = try await harness.makeRuntime().startSession(SessionOptions(model: harness.model, workDirectory: harness.workDirectory))
        let result = try await session.execute("Try")
        await session.close()
        #expect(result.text == "after the errors")
        #expect(harness.server.requestCount - before == 3)
    }

    @Test("real kimi-cli 1.51.0: a USD cap that turn 1 exceeds refuses turn 2, priced from the server's usage", .realKimiPeer,
        arguments: [KimiAgentProtocol.wire, .acp])
    func realKimiBudgetCap(_ agentProtocol: KimiAgentProtocol) async throws {
        let harness = try FakeModelHarness(
            executable: try TestEnvironment.realKimi(), agentProtocol: agentProtocol, cliKind: .legacy, mcpStdioServer: nil, verifyPeerVersion: true
        )
        defer { harness.tearDown() }
        let usage = TokenUsage(inputOther: 30_000, output: 20_000, inputCacheRead: 10_000)
        let cost = try #require(KimiModelCatalog.pricing(for: harness.model)).cost(of: usage)
        try await harness.script([.reply(["costly"], usage: usage), .reply(["never"])])
        var options = SessionOptions(model: harness.model, workDirectory: harness.workDirectory)
        options.maxBudgetUSD = cost / 2
        let session = try await harness.makeRuntime().startSession(options)
        let first = try await session.execute("Spend")
        let refused = await runtimeError { _ = try await session.execute("Spend more") }
        let totals = await session.totals()
        await session.close()
        #expect(first.text == "costly")
        #expect(first.usage == usage)
        #expect(abs((first.cost?.usd ?? -1) - cost) < 1e-12)
        #expect(abs((totals.costUSD ?? -1) - cost) < 1e-12)
        #expect(refused == .budgetExceeded(kind: .usd, cap: cost / 2, current: totals.costUSD ?? -1))
        #expect(totals.turns == 1)
        #expect(harness.server.requestCount == 1)
    }
}
