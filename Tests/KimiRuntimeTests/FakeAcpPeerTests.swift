import Foundation
import Testing

@testable import KimiRuntime

/// KimiRuntime over ACP against the fault-injecting agent `Tests/Fixtures/kimi/fake_acp_agent.py`.
@Suite("Fake ACP agent faults", .timeLimit(.minutes(2)))
struct FakeAcpPeerTests {
    struct Peer {
        let root: URL
        let work: URL
        let state: URL
        let runtime: KimiRuntime

        init(mode: String, version: String = "0.9.0", extra: [String: String] = [:], verify: Bool = true) throws {
            root = try TestEnvironment.temporaryDirectory("fake-acp")
            work = root.appendingPathComponent("work", isDirectory: true)
            state = root.appendingPathComponent("state", isDirectory: true)
            for directory in [work, state] { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }
            let script = try TestEnvironment.fixtures().appendingPathComponent("fake_acp_agent.py")
            var environment = ["FAKE_ACP_MODE": mode, "FAKE_ACP_STATE_DIR": state.path, "FAKE_ACP_VERSION": version]
            for (key, value) in extra { environment[key] = value }
            runtime = KimiRuntime(configuration: KimiConfiguration(
                executable: script, environment: environment, verifyPeerVersion: verify,
                timeouts: KimiConfiguration.Timeouts(startup: .seconds(20), idle: .seconds(3), turn: .seconds(30), cancelGrace: .seconds(2)),
                liveModelListing: false, agentProtocol: .acp
            ))
        }

        func options(model: String? = "kimi-k2-thinking", effort: ReasoningEffort? = nil) -> SessionOptions {
            SessionOptions(model: model, workDirectory: work, reasoningEffort: effort)
        }

        func answer(_ name: String) -> [String: Any]? {
            guard let data = FileManager.default.contents(atPath: state.appendingPathComponent("answer-\(name).json").path) else { return nil }
            return try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        }

        func sent(_ method: String) -> [[String: Any]] {
            let text = (try? String(contentsOf: state.appendingPathComponent("requests.jsonl"), encoding: .utf8)) ?? ""
            return text.split(separator: "\n").compactMap { line in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
            }.filter { $0["method"] as? String == method }
        }

        func cleanup() { try? FileManager.default.removeItem(at: root) }
    }

    @Test("a normal turn: thinking and model through config options, text, reasoning, usage and cost")
    func normalTurn() async throws {
        let peer = try Peer(mode: "normal")
        defer { peer.cleanup() }
        let session = try await peer.runtime.makeAcpSession(peer.options(model: "kimi-k2-turbo-preview", effort: .high))
        let result = try await session.execute("Hi")
        #expect(result.text == "Hello kimi-k2-turbo-preview")
        #expect(result.reasoning == "thinking on")
        #expect(result.usage == TokenUsage(inputOther: 60, output: 50, inputCacheRead: 40))
        #expect((result.cost != nil) == (KimiModelCatalog.pricing(for: "kimi-k2-turbo-preview") != nil))
        try await session.setReasoningEffort(.disabled)
        #expect(try await session.execute("Again").reasoning == "thinking off")
        let sets = peer.sent("session/set_config_option").compactMap { $0["params"] as? [String: Any] }
        #expect(sets.map { "\($0["configId"] ?? "")=\($0["value"] ?? "")" } == ["model=kimi-k2-turbo-preview", "thinking=on", "thinking=off"])
        #expect(session.agent.kind == .maintainedKimiCLI)
        await session.close()
    }

    @Test("an agent that exits mid-turn ends the turn with peerExited")
    func exitMidTurn() async throws {
        let peer = try Peer(mode: "exit-mid-turn")
        defer { peer.cleanup() }
        let session = try await peer.runtime.makeAcpSession(peer.options())
        let error = await runtimeError { _ = try await session.execute("Hi") }
        #expect(error?.isPeerExited == true, "got \(String(describing: error))")
        await session.close()
    }

    @Test("a hanging agent ends the turn with an idle timeout and is stopped")
    func hang() async throws {
        let peer = try Peer(mode: "hang")
        defer { peer.cleanup() }
        let session = try await peer.runtime.makeAcpSession(peer.options())
        let pid = try #require(await session.peerProcessID)
        let error = await runtimeError { _ = try await session.execute("Hi") }
        #expect(error?.isTimeout == true, "got \(String(describing: error))")
        #expect(await TestEnvironment.waitUntilGone(pid))
        await session.close()
    }

    @Test("garbage on stdout is a protocol error")
    func garbage() async throws {
        let peer = try Peer(mode: "garbage")
        defer { peer.cleanup() }
        let session = try await peer.runtime.makeAcpSession(peer.options())
        let error = await runtimeError { _ = try await session.execute("Hi") }
        #expect(error?.isProtocol == true, "got \(String(describing: error))")
        await session.close()
    }

    @Test("unknown notifications and update kinds are ignored")
    func unknownNotifications() async throws {
        let peer = try Peer(mode: "unknown-notifications")
        defer { peer.cleanup() }
        let session = try await peer.runtime.makeAcpSession(peer.options())
        #expect(try await session.execute("Hi").text == "Hello kimi-k2-thinking")
        await session.close()
    }

    @Test("a request the client does not implement gets a method-not-found answer")
    func unimplementedRequest() async throws {
        let peer = try Peer(mode: "unimplemented-request")
        defer { peer.cleanup() }
        let session = try await peer.runtime.makeAcpSession(peer.options())
        #expect(try await session.execute("Hi").text == "Hello kimi-k2-thinking")
        let error = try #require(peer.answer("terminal")?["error"] as? [String: Any])
        #expect(error["code"] as? Int == -32601)
        #expect((error["message"] as? String)?.contains("terminal/create") == true)
        await session.close()
    }

    @Test("fs requests are served inside the working directory only")
    func fileAccessConfined() async throws {
        let outside = try TestEnvironment.temporaryDirectory("outside").appendingPathComponent("secret.txt")
        try Data("secret".utf8).write(to: outside)
        defer { try? FileManager.default.removeItem(at: outside.deletingLastPathComponent()) }
        let peer = try Peer(mode: "fs-escape", extra: ["FAKE_ACP_OUTSIDE": outside.path])
        defer { peer.cleanup() }
        let session = try await peer.runtime.makeAcpSession(peer.options())
        _ = try await session.execute("Hi")
        let refused = try #require(peer.answer("read-outside")?["error"] as? [String: Any])
        #expect((refused["message"] as? String)?.contains("outside the session's working directory") == true)
        #expect(peer.answer("write-inside")?["error"] == nil)
        #expect((peer.answer("read-inside")?["result"] as? [String: Any])?["content"] as? String == "hi")
        #expect(try String(contentsOf: peer.work.appendingPathComponent("inside.txt"), encoding: .utf8) == "hi")
        await session.close()
    }

    @Test("a prompt error is transient; steer is declined naming the wire backend")
    func promptErrorAndSteer() async throws {
        let peer = try Peer(mode: "prompt-error")
        defer { peer.cleanup() }
        let session = try await peer.runtime.makeAcpSession(peer.options())
        let error = await runtimeError { _ = try await session.execute("Hi") }
        #expect(error?.isTransient == true, "got \(String(describing: error))")
        let steer = await runtimeError { try await session.steer("more") }
        #expect(steer == .unsupportedFeature(.steer))
        #expect(steer?.description.contains("wire backend") == true)
        await session.close()
    }

    @Test("the pin: an unlisted maintained release is refused unless verification is off; legacy 1.x must be the pinned one")
    func pinCheck() async throws {
        for (version, verify, accepted) in [("0.0.1", true, false), ("0.0.1", false, true), ("1.50.0", true, false), (KimiPin.cliVersion, true, true)] {
            let peer = try Peer(mode: "normal", version: version, verify: verify)
            defer { peer.cleanup() }
            let error = await runtimeError {
                let session = try await peer.runtime.makeAcpSession(peer.options())
                await session.close()
            }
            #expect((error == nil) == accepted, "\(version) verify=\(verify): \(String(describing: error))")
            if let error { #expect(error.isProtocol && error.description.contains(version)) }
        }
    }

    @Test("a model the agent does not offer, an SSE server and a USD cap on an unpriced model are refused before any turn")
    func refusedAtStart() async throws {
        let peer = try Peer(mode: "normal")
        defer { peer.cleanup() }
        let model = await runtimeError { _ = try await peer.runtime.makeAcpSession(peer.options(model: "kimi-nope")) }
        #expect(model?.isInvalidRequest == true && model?.description.contains("kimi-k2-turbo-preview") == true)
        var sse = peer.options()
        sse.mcpServers = [try McpServerRef.sse(name: "s", url: try #require(URL(string: "http://127.0.0.1:9/sse")))]
        #expect(await runtimeError { _ = try await peer.runtime.makeAcpSession(sse) } == .unsupportedFeature(.mcpSse))
        var capped = peer.options(model: "kimi-k2-turbo-preview")
        capped.maxBudgetUSD = 1
        #expect(KimiModelCatalog.pricing(for: "kimi-k2-turbo-preview") == nil)
        #expect(await runtimeError { _ = try await peer.runtime.makeAcpSession(capped) } == .unsupportedFeature(.budgetUSDCap))
        #expect(peer.sent("session/prompt").isEmpty)
    }

    @Test("a USD cap over ACP: priced from the usage in the prompt answers, checked before each turn")
    func usdCapFromPromptUsage() async throws {
        let peer = try Peer(mode: "normal")
        defer { peer.cleanup() }
        let pricing = try #require(KimiModelCatalog.pricing(for: "kimi-k2-thinking"))
        let turnCost = pricing.cost(of: TokenUsage(inputOther: 60, output: 50, inputCacheRead: 40))
        var options = peer.options()
        options.maxBudgetUSD = turnCost * 1.5
        let session = try await peer.runtime.makeAcpSession(options)
        let first = try await session.execute("One")
        #expect(abs((first.cost?.usd ?? -1) - turnCost) < 1e-12)
        _ = try await session.execute("Two")
        #expect(abs((await session.totals().costUSD ?? -1) - 2 * turnCost) < 1e-12)
        let refused = await runtimeError { _ = try await session.execute("Three") }
        #expect(refused == .budgetExceeded(kind: .usd, cap: turnCost * 1.5, current: await session.totals().costUSD ?? -1))
        #expect(peer.sent("session/prompt").count == 2)
        await session.close()
    }

    @Test("a USD cap over ACP on an agent that reports no usage: the next turn is refused, not run unmetered")
    func usdCapWithoutUsage() async throws {
        let peer = try Peer(mode: "no-usage")
        defer { peer.cleanup() }
        var options = peer.options()
        options.maxBudgetUSD = 100
        let session = try await peer.runtime.makeAcpSession(options)
        let first = try await session.execute("One")
        #expect(first.cost == nil && first.text == "Hello kimi-k2-thinking")
        let refused = await runtimeError { _ = try await session.execute("Two") }
        #expect(refused == .unsupportedFeature(.budgetUSDCap))
        #expect(refused?.description.contains("no usage") == true)
        #expect(peer.sent("session/prompt").count == 1)
        await session.close()
    }
}
