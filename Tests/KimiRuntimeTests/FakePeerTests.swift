import Foundation
import KimiRuntime
import Testing

/// The wire client against a fault-injecting fake peer: every fault ends the turn with the
/// right error (or is ignored), never hangs or crashes, and leaves no process behind.
@Suite("Fake peer faults", .timeLimit(.minutes(2)))
struct FakePeerTests {
    @Test("a normal turn: text, usage, priced cost; close leaves no process behind")
    func normalTurn() async throws {
        let fake = try FakePeer(modes: ["normal"], grandchild: true)
        defer { fake.cleanup() }
        let session = try await KimiRuntime(configuration: fake.configuration()).makeSession(fake.options())
        let result = try await session.execute("hello")
        #expect(result.text == "fake says hi")
        #expect(result.usage == TokenUsage(inputOther: 10, output: 5))
        #expect(abs((result.cost?.usd ?? 0) - (10 * 0.60 + 5 * 2.50) / 1_000_000) < 1e-12)
        let pid = try #require(fake.pid())
        let grandchild = try #require(fake.grandchildPID())
        #expect(await session.peerProcessID == pid)
        await session.close()
        #expect(await TestEnvironment.waitUntilGone(pid))
        #expect(await TestEnvironment.waitUntilGone(grandchild))
        await session.close()  // idempotent
    }

    @Test("a peer that exits mid-turn ends the turn with peerExited; the next turn restarts it")
    func exitMidTurn() async throws {
        let fake = try FakePeer(modes: ["exit-mid-turn", "normal"], grandchild: true)
        defer { fake.cleanup() }
        let session = try await KimiRuntime(configuration: fake.configuration()).makeSession(fake.options())
        var deltas: [String] = []
        let error = await runtimeError {
            for try await event in session.stream("crash please") {
                if case .textDelta(let text) = event { deltas.append(text) }
                if case .turnComplete = event { Issue.record("a crashed turn completed") }
            }
        }
        #expect(deltas == ["partial"])
        guard case .peerExited(let code, _, let detail)? = error else {
            Issue.record("expected peerExited, got \(String(describing: error))")
            return
        }
        #expect(code == 3)
        #expect(detail.contains("simulated crash"))
        let pid = try #require(fake.pid(start: 1))
        #expect(await TestEnvironment.waitUntilGone(pid))
        #expect(await TestEnvironment.waitUntilGone(try #require(fake.grandchildPID(start: 1))))
        let next = try await session.execute("again")
        #expect(next.text == "fake says hi")
        #expect(fake.starts == 2)
        #expect(fake.arguments(start: 2)?.contains(session.id) == true)
        await session.close()
        #expect(await TestEnvironment.waitUntilGone(try #require(fake.pid(start: 2))))
    }

    @Test("a hanging peer ends the turn with a timeout and is killed", arguments: ["hang", "hang-ignore-term"])
    func hang(mode: String) async throws {
        let fake = try FakePeer(modes: [mode], grandchild: true)
        defer { fake.cleanup() }
        let session = try await KimiRuntime(configuration: fake.configuration(idle: .seconds(1))).makeSession(fake.options())
        let clock = ContinuousClock()
        let start = clock.now
        let error = await runtimeError { _ = try await session.execute("hang") }
        #expect(error?.isTimeout == true, "got \(String(describing: error))")
        #expect(clock.now - start < .seconds(15))
        #expect(await TestEnvironment.waitUntilGone(try #require(fake.pid())))
        #expect(await TestEnvironment.waitUntilGone(try #require(fake.grandchildPID())))
        #expect(await session.peerProcessID == nil)
        await session.close()
    }

    @Test("a whole-turn time limit ends a hung turn")
    func turnTimeout() async throws {
        let fake = try FakePeer(modes: ["hang"])
        defer { fake.cleanup() }
        let runtime = KimiRuntime(configuration: fake.configuration(idle: nil, turn: .seconds(1)))
        let session = try await runtime.makeSession(fake.options())
        let error = await runtimeError { _ = try await session.execute("hang") }
        #expect(error?.isTimeout == true, "got \(String(describing: error))")
        #expect(await TestEnvironment.waitUntilGone(try #require(fake.pid())))
        await session.close()
    }

    @Test("malformed JSON ends the turn with a protocol error and stops the peer")
    func invalidJSON() async throws {
        let fake = try FakePeer(modes: ["invalid-json"], grandchild: true)
        defer { fake.cleanup() }
        let session = try await KimiRuntime(configuration: fake.configuration()).makeSession(fake.options())
        let error = await runtimeError { _ = try await session.execute("garble") }
        guard case .protocol(let message)? = error else {
            Issue.record("expected a protocol error, got \(String(describing: error))")
            return
        }
        #expect(message.contains("malformed JSON"))
        #expect(await TestEnvironment.waitUntilGone(try #require(fake.pid())))
        #expect(await TestEnvironment.waitUntilGone(try #require(fake.grandchildPID())))
        await session.close()
    }

    @Test("a JSON-RPC provider error (-32003) is transient and keeps the peer")
    func rpcErrorTransient() async throws {
        let fake = try FakePeer(modes: ["rpc-error"])
        defer { fake.cleanup() }
        let session = try await KimiRuntime(configuration: fake.configuration()).makeSession(fake.options())
        let error = await runtimeError { _ = try await session.execute("fail") }
        guard case .transient(let message)? = error else {
            Issue.record("expected transient, got \(String(describing: error))")
            return
        }
        #expect(message.contains("fake provider exploded"))
        let again = await runtimeError { _ = try await session.execute("fail again") }
        #expect(again?.isTransient == true)
        #expect(fake.starts == 1)
        #expect(await session.totals().turns == 2)
        await session.close()
        #expect(await TestEnvironment.waitUntilGone(try #require(fake.pid())))
    }

    @Test("an unexpected JSON-RPC error code is a protocol error naming the code")
    func rpcErrorOdd() async throws {
        let fake = try FakePeer(modes: ["rpc-error-odd"])
        defer { fake.cleanup() }
        let session = try await KimiRuntime(configuration: fake.configuration()).makeSession(fake.options())
        let error = await runtimeError { _ = try await session.execute("odd") }
        guard case .protocol(let message)? = error else {
            Issue.record("expected protocol, got \(String(describing: error))")
            return
        }
        #expect(message.contains("-32099"))
        await session.close()
    }

    @Test("unknown events, extra fields, nulls and noise lines are ignored; unknown requests get an error answer")
    func unknownEvents() async throws {
        let fake = try FakePeer(modes: ["unknown-events"])
        defer { fake.cleanup() }
        let session = try await KimiRuntime(configuration: fake.configuration()).makeSession(fake.options())
        var events: [RuntimeEvent] = []
        for try await event in session.stream("surprise me") { events.append(event) }
        guard case .turnComplete(let result)? = events.last else {
            Issue.record("the stream did not end with turnComplete: \(events)")
            return
        }
        #expect(events.filter { if case .turnComplete = $0 { return true } else { return false } }.count == 1)
        #expect(result.text == "still fine")
        #expect(result.reasoning == "musing")
        #expect(result.usage == TokenUsage(inputOther: 7, output: 3))
        let answer = try #require(fake.unknownRequestAnswer())
        let error = try #require(answer["error"] as? [String: Any])
        #expect(error["code"] as? Int == -32601)
        await session.close()
    }

    @Test("a peer that dies at start-up fails the session start with its stderr")
    func exitOnStart() async throws {
        let fake = try FakePeer(modes: ["exit-on-start"])
        defer { fake.cleanup() }
        let error = await runtimeError {
            _ = try await KimiRuntime(configuration: fake.configuration()).makeSession(fake.options())
        }
        guard case .peerExited(let code, _, let detail)? = error else {
            Issue.record("expected peerExited, got \(String(describing: error))")
            return
        }
        #expect(code == 4)
        #expect(detail.contains("invalid configuration (simulated)"))
        #expect(await TestEnvironment.waitUntilGone(try #require(fake.pid())))
    }

    @Test("an initialize error or another wire version fails the session start", arguments: ["init-error", "wrong-wire"])
    func badInitialize(mode: String) async throws {
        let fake = try FakePeer(modes: [mode])
        defer { fake.cleanup() }
        let error = await runtimeError {
            _ = try await KimiRuntime(configuration: fake.configuration()).makeSession(fake.options())
        }
        guard case .protocol(let message)? = error else {
            Issue.record("expected protocol, got \(String(describing: error))")
            return
        }
        if mode == "wrong-wire" {
            #expect(message.contains("2.0") && message.contains(KimiPin.wireProtocolVersion))
        } else {
            #expect(message.contains("initialize"))
        }
        #expect(await TestEnvironment.waitUntilGone(try #require(fake.pid())))
    }

    @Test("cancel against a peer that ignores it ends the turn after the grace period and kills the peer")
    func cancelUnresponsivePeer() async throws {
        let fake = try FakePeer(modes: ["hang", "normal"])
        defer { fake.cleanup() }
        let session = try await KimiRuntime(configuration: fake.configuration(idle: nil)).makeSession(fake.options())
        let turn = Task { try await session.execute("hang") }
        try await Task.sleep(for: .milliseconds(300))
        let overlapping = await runtimeError { _ = try await session.execute("second") }
        #expect(overlapping?.isInvalidRequest == true)
        await session.cancel()
        let error = await runtimeError { _ = try await turn.value }
        #expect(error == .cancelled)
        #expect(await TestEnvironment.waitUntilGone(try #require(fake.pid())))
        #expect(try await session.execute("after").text == "fake says hi")
        await session.close()
    }

    @Test("cancelling the calling task cancels the turn")
    func taskCancellation() async throws {
        let fake = try FakePeer(modes: ["hang"])
        defer { fake.cleanup() }
        let session = try await KimiRuntime(configuration: fake.configuration(idle: nil)).makeSession(fake.options())
        let turn = Task { try await session.execute("hang") }
        try await Task.sleep(for: .milliseconds(300))
        turn.cancel()
        let error = await runtimeError { _ = try await turn.value }
        #expect(error == .cancelled)
        await session.close()
        #expect(await TestEnvironment.waitUntilGone(try #require(fake.pid())))
    }

    @Test("terminating a stream early cancels its turn")
    func streamTermination() async throws {
        let fake = try FakePeer(modes: ["hang", "normal"])
        defer { fake.cleanup() }
        let session = try await KimiRuntime(configuration: fake.configuration(idle: nil)).makeSession(fake.options())
        let consumer = Task {
            for try await _ in session.stream("hang") {}
        }
        try await Task.sleep(for: .milliseconds(300))
        consumer.cancel()
        _ = await consumer.result
        // The turn winds down (cancel grace, then the peer is stopped); the session stays usable.
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .seconds(10))
        var next: RuntimeResult?
        while next == nil, clock.now < deadline {
            next = try? await session.execute("after")
            if next == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(next?.text == "fake says hi")
        await session.close()
    }

    @Test("launch arguments: wire mode, session, work dir, model, thinking; a thinking change restarts under the same id")
    func launchArgumentsAndThinkingRestart() async throws {
        let fake = try FakePeer(modes: ["normal"])
        defer { fake.cleanup() }
        var options = fake.options()
        options.reasoningEffort = .low
        options.mcpServers = [try McpServerRef.stdio(name: "tools", command: "true")]
        let session = try await KimiRuntime(configuration: fake.configuration()).makeSession(options)
        let first = try #require(fake.arguments(start: 1))
        #expect(Array(first.dropFirst(1).prefix(5)) == ["--wire", "--session", session.id, "--work-dir", fake.workDirectory.path])
        #expect(first.contains("--thinking"))
        #expect(!first.contains("--no-thinking"))
        #expect(first.contains("--model") && first.contains("kimi-k2-thinking"))
        let mcpIndex = try #require(first.firstIndex(of: "--mcp-config-file"))
        let mcpPath = first[mcpIndex + 1]
        let mcp = try String(contentsOfFile: mcpPath, encoding: .utf8)
        #expect(mcp == #"{"mcpServers":{"tools":{"args":[],"command":"true"}}}"#)
        _ = try await session.execute("one")
        try await session.setReasoningEffort(.medium)  // still on: no restart
        _ = try await session.execute("two")
        #expect(fake.starts == 1)
        try await session.setReasoningEffort(.disabled)
        _ = try await session.execute("three")
        #expect(fake.starts == 2)
        let second = try #require(fake.arguments(start: 2))
        #expect(second.contains("--no-thinking"))
        #expect(second.contains(session.id))
        #expect(await session.peerStartCount == 2)
        #expect(await TestEnvironment.waitUntilGone(try #require(fake.pid(start: 1))))
        await session.close()
        #expect(!FileManager.default.fileExists(atPath: mcpPath))
    }

    @Test("steer without a turn in flight is an invalid request")
    func steerWithoutTurn() async throws {
        let fake = try FakePeer(modes: ["normal"])
        defer { fake.cleanup() }
        let session = try await KimiRuntime(configuration: fake.configuration()).makeSession(fake.options())
        let error = await runtimeError { try await session.steer("nobody listens") }
        #expect(error?.isInvalidRequest == true)
        await session.close()
    }

    @Test("close during a turn cancels it and stops the peer")
    func closeDuringTurn() async throws {
        let fake = try FakePeer(modes: ["hang-ignore-term"], grandchild: true)
        defer { fake.cleanup() }
        let session = try await KimiRuntime(configuration: fake.configuration(idle: nil)).makeSession(fake.options())
        let turn = Task { try await session.execute("hang") }
        try await Task.sleep(for: .milliseconds(300))
        await session.close()
        #expect(await runtimeError { _ = try await turn.value } == .cancelled)
        #expect(await TestEnvironment.waitUntilGone(try #require(fake.pid())))
        #expect(await TestEnvironment.waitUntilGone(try #require(fake.grandchildPID())))
        #expect(await runtimeError { _ = try await session.execute("closed") }?.isInvalidRequest == true)
    }
}
