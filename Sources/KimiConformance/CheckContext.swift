import Foundation
import KimiRuntime

/// One check's run: the harness, assertions and shared steps.
struct CheckContext: Sendable {
    let check: ConformanceCheck
    let harness: any ConformanceHarness
    let patience: Duration

    // MARK: - Assertions

    func fail(_ message: String) -> ConformanceFailure {
        ConformanceFailure(check: check, message: message)
    }

    func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw fail(message()) }
    }

    func expectEqual<T: Equatable>(_ actual: T, _ expected: T, _ what: String) throws {
        if actual != expected { throw fail("\(what): expected \(expected), got \(actual)") }
    }

    func expectClose(_ actual: Double?, _ expected: Double?, _ what: String) throws {
        switch (actual, expected) {
        case (nil, nil): return
        case (let a?, let e?) where abs(a - e) <= max(1e-9, abs(e) * 1e-9): return
        default: throw fail("\(what): expected \(expected.map { "\($0)" } ?? "nil"), got \(actual.map { "\($0)" } ?? "nil")")
        }
    }

    /// Runs `body` and expects it to throw `expected` (compared as ``RuntimeError``).
    func expectError(
        _ expected: (RuntimeError) -> Bool,
        _ what: String,
        _ body: () async throws -> Void
    ) async throws {
        do {
            try await body()
        } catch let error as RuntimeError {
            if expected(error) { return }
            throw fail("\(what): unexpected error \(error)")
        } catch {
            throw fail("\(what): unexpected error \(error)")
        }
        throw fail("\(what): no error was thrown")
    }

    // MARK: - Shared steps

    func options(
        recorder: ConformanceRecorder? = nil,
        configure: (inout SessionOptions) -> Void = { _ in },
        onPermission: PermissionHandler? = nil
    ) -> SessionOptions {
        var options = SessionOptions(model: harness.model, workDirectory: harness.workDirectory)
        if let recorder {
            options.onEvent = { event in await recorder.record(event) }
        }
        options.onPermission = onPermission
        configure(&options)
        return options
    }

    /// Runs `body` with a session and closes it afterwards, whatever happens.
    func withSession<T: Sendable>(
        _ session: any AgentSession,
        _ body: (any AgentSession) async throws -> T
    ) async throws -> T {
        do {
            let value = try await body(session)
            await session.close()
            return value
        } catch {
            await session.close()
            throw error
        }
    }

    /// Collects a whole stream and checks its shape: exactly one `.turnComplete`, last.
    func collect(_ stream: AsyncThrowingStream<RuntimeEvent, any Error>) async throws -> (events: [RuntimeEvent], result: RuntimeResult) {
        var events: [RuntimeEvent] = []
        for try await event in stream { events.append(event) }
        let completions = events.compactMap { event -> RuntimeResult? in
            if case .turnComplete(let result) = event { return result }
            return nil
        }
        try expectEqual(completions.count, 1, "number of .turnComplete events")
        guard case .turnComplete(let result)? = events.last else {
            throw fail(".turnComplete is not the last event of the stream")
        }
        return (events, result)
    }

    func pricing(_ runtime: any AgentRuntime) async throws -> ModelPricing? {
        try await runtime.listModels().first { $0.id == harness.model }?.pricing
    }

    func expectCost(_ result: RuntimeResult, usage: TokenUsage, pricing: ModelPricing?) throws {
        try expectEqual(result.usage, usage, "turn token usage")
        if let pricing {
            guard let cost = result.cost else { throw fail("a priced model reported no cost") }
            try expectClose(cost.usd, pricing.cost(of: usage), "turn cost in USD")
        } else {
            try expect(result.cost == nil, "an unpriced model reported a cost")
        }
    }

    func toolResults(_ events: [RuntimeEvent]) -> [ToolResultInfo] {
        events.compactMap { event in
            if case .toolCallResult(let result) = event { return result }
            return nil
        }
    }

    func toolCalls(_ events: [RuntimeEvent]) -> [ToolCallInfo] {
        events.compactMap { event in
            if case .toolCallStart(let call) = event { return call }
            return nil
        }
    }

    /// A loopback URL nothing listens on (never contacted by these checks).
    func unreachableURL() throws -> URL {
        guard let url = URL(string: "http://127.0.0.1:9/mcp") else { throw fail("cannot build a URL") }
        return url
    }

    func randomMarker(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    func historyIfSupported(_ runtime: any AgentRuntime, _ session: any AgentSession) async throws -> [TranscriptEntry]? {
        guard runtime.supports(.sessionResume) else { return nil }
        return try await session.history()
    }

    // MARK: - Checks

    func streamingTextAndReasoning() async throws {
        let runtime = try await harness.makeRuntime()
        let usage = TokenUsage(inputOther: 1_200, output: 340, inputCacheRead: 800, inputCacheCreation: 0)
        try await harness.script([.reply(["Hello", " wire"], thinking: "pondering", usage: usage)])
        let session = try await runtime.startSession(options())
        try await withSession(session) { session in
            let (events, result) = try await collect(session.stream("Say hello"))
            let text = events.compactMap { event -> String? in
                if case .textDelta(let delta) = event { return delta }
                return nil
            }
            let reasoning = events.compactMap { event -> String? in
                if case .reasoningDelta(let delta) = event { return delta }
                return nil
            }
            try expect(text.count >= 1, "no text deltas were streamed")
            try expectEqual(text.joined(), "Hello wire", "concatenated text deltas")
            if runtime.supports(.reasoningEffort) {
                try expectEqual(reasoning.joined(), "pondering", "concatenated reasoning deltas")
                try expectEqual(result.reasoning, "pondering", "result reasoning")
            }
            try expectEqual(result.text, "Hello wire", "result text")
            try expectEqual(result.sessionID, session.id, "result session id")
            try expectEqual(result.stopReason, .finished, "stop reason")
            let reported = harness.traits.reportsTokenUsage ? usage : .zero
            try expectCost(result, usage: reported, pricing: harness.traits.reportsTokenUsage ? try await pricing(runtime) : nil)
            let totals = await session.totals()
            try expectEqual(totals.turns, 1, "session turns")
            try expectEqual(totals.usage, reported, "session usage")
        }
    }

    func executeAndLifecycleHooks() async throws {
        let runtime = try await harness.makeRuntime()
        let recorder = ConformanceRecorder()
        try await harness.script([.reply(["done"])])
        let session = try await runtime.startSession(options(recorder: recorder))
        let result = try await withSession(session) { session in
            try await session.execute("Say done")
        }
        try expectEqual(result.text, "done", "execute result text")
        guard runtime.supports(.lifecycleHooks) else { return }
        let hooks = await recorder.hooks
        let kinds = hooks.map(\.kind)
        try expectEqual(kinds.first, .sessionStart, "first hook")
        try expectEqual(kinds.last, .sessionEnd, "last hook")
        try expectEqual(kinds.filter { $0 == .sessionStart }.count, 1, "sessionStart hooks")
        try expectEqual(kinds.filter { $0 == .sessionEnd }.count, 1, "sessionEnd hooks")
        try expect(hooks.contains(.userPromptSubmit(prompt: "Say done")), "no userPromptSubmit hook for the prompt (got \(kinds))")
        try expect(hooks.contains(.sessionStart(sessionID: session.id)), "sessionStart does not carry the session id")
    }

    func imageInput() async throws {
        let runtime = try await harness.makeRuntime()
        try await harness.script([.reply(["I see a tiny image"])])
        let session = try await runtime.startSession(options())
        try await withSession(session) { session in
            let missing = harness.workDirectory.appendingPathComponent("no-such-image-\(UUID().uuidString).png").path
            try await expectError({ if case .invalidRequest(let message) = $0 { return message.contains("no-such-image") } else { return false } },
                "prompt with a missing image file") {
                _ = try await session.execute(Prompt("Describe", images: [.path(missing)]))
            }
            guard runtime.supports(.visionInput) else {
                try await expectError({ $0 == .unsupportedFeature(.visionInput) }, "image prompt on a runtime without vision") {
                    _ = try await session.execute(Prompt("Describe", images: [.bytes(ConformanceFixtures.onePixelPNG, mediaType: "image/png")]))
                }
                return
            }
            let result = try await session.execute(
                Prompt("Describe this image", images: [.bytes(ConformanceFixtures.onePixelPNG, mediaType: "image/png")])
            )
            try expectEqual(result.text, "I see a tiny image", "image turn text")
            if let history = try await historyIfSupported(runtime, session) {
                let expected = "data:image/png;base64," + ConformanceFixtures.onePixelPNG.base64EncodedString()
                try expect(
                    history.contains { $0.role == .user && $0.imageURLs.contains(expected) },
                    "the history does not hold the image as a data URI"
                )
            }
        }
    }

    func permissionAllowed() async throws {
        let runtime = try await harness.makeRuntime()
        let recorder = ConformanceRecorder()
        let marker = randomMarker("allowed")
        let first = TokenUsage(inputOther: 100, output: 20, inputCacheRead: 50)
        let second = TokenUsage(inputOther: 30, output: 10, inputCacheRead: 150)
        try await harness.script([.shellCommand("echo \(marker)", usage: first), .reply(["ran it"], usage: second)])
        let session = try await runtime.startSession(options(recorder: recorder, onPermission: { request in
            await recorder.record(request)
            return .allow
        }))
        try await withSession(session) { session in
            let (events, result) = try await collect(session.stream("Run the marker command"))
            let requests = await recorder.permissionRequests
            try expectEqual(requests.count, 1, "permission requests")
            try expect(requests[0].arguments.contains(marker), "the permission request does not carry the tool's arguments: \(requests[0])")
            let calls = toolCalls(events)
            try expectEqual(calls.count, 1, "tool calls streamed")
            try expect(calls[0].arguments.contains(marker), "the tool call does not carry its arguments")
            let results = toolResults(events)
            try expectEqual(results.count, 1, "tool results streamed")
            try expect(!results[0].isError, "the allowed tool call failed: \(results[0])")
            try expect(results[0].output.contains(marker), "the allowed command's output is missing: \(results[0])")
            try expectEqual(result.text, "ran it", "final text")
            if harness.traits.reportsTokenUsage {
                try expectCost(result, usage: first + second, pricing: try await pricing(runtime))
            }
            if runtime.supports(.lifecycleHooks) {
                let kinds = await recorder.hookKinds
                try expect(kinds.contains(.preToolUse) && kinds.contains(.postToolUse), "missing preToolUse/postToolUse hooks (got \(kinds))")
            }
        }
    }

    func permissionDenied() async throws {
        let runtime = try await harness.makeRuntime()
        let recorder = ConformanceRecorder()
        let marker = randomMarker("denied")
        let markerFile = harness.workDirectory.appendingPathComponent(marker)
        try await harness.script([.shellCommand("touch \(marker)"), .reply(["not reached"])])
        let session = try await runtime.startSession(options(recorder: recorder, onPermission: { request in
            await recorder.record(request)
            return .deny
        }))
        try await withSession(session) { session in
            let (events, _) = try await collect(session.stream("Create the marker file"))
            try expectEqual(await recorder.permissionRequests.count, 1, "permission requests")
            let results = toolResults(events)
            try expectEqual(results.count, 1, "tool results streamed")
            try expect(results[0].isError, "a denied tool call is not reported as failed: \(results[0])")
            try expect(!FileManager.default.fileExists(atPath: markerFile.path), "the denied command ran")
            if runtime.supports(.lifecycleHooks) {
                let kinds = await recorder.hookKinds
                try expect(kinds.contains(.toolFailure), "missing toolFailure hook (got \(kinds))")
                try expect(!kinds.contains(.postToolUse), "a denied call was reported as postToolUse")
            }
        }
    }

    func permissionDeferred() async throws {
        let runtime = try await harness.makeRuntime()
        let marker = randomMarker("deferred")
        let markerFile = harness.workDirectory.appendingPathComponent(marker)
        try await harness.script([.shellCommand("touch \(marker)"), .reply(["carrying on without it"])])
        let session = try await runtime.startSession(options(onPermission: { _ in .defer }))
        try await withSession(session) { session in
            let (events, result) = try await collect(session.stream("Create the marker file"))
            let results = toolResults(events)
            try expectEqual(results.count, 1, "tool results streamed")
            try expect(results[0].isError, "a deferred tool call is not reported as not run: \(results[0])")
            let told = (results[0].output + " " + results[0].message).lowercased()
            try expect(told.contains("deferred"), "the deferral is not reported: \(results[0])")
            try expect(!FileManager.default.fileExists(atPath: markerFile.path), "the deferred command ran")
            if harness.traits.modelToldOfDeferral {
                try expectEqual(result.text, "carrying on without it", "the model did not go on after the deferral")
            }
        }
    }

    func steerDuringTurn() async throws {
        let runtime = try await harness.makeRuntime()
        let recorder = ConformanceRecorder()
        let steerText = "Also mention the weather"
        try await harness.script([.shellCommand("echo steer"), .reply(["steered answer"])])
        let session = try await runtime.startSession(options(onPermission: { _ in
            // The turn is waiting for this decision, so it is certainly in flight.
            if let session = await recorder.attachedSession {
                do {
                    try await session.steer(Prompt(steerText))
                    await recorder.note("steered")
                } catch {
                    await recorder.note("steer failed: \(error)")
                }
            }
            return .allow
        }))
        await recorder.attach(session)
        try await withSession(session) { session in
            guard runtime.supports(.steer) else {
                try await expectError({ $0 == .unsupportedFeature(.steer) }, "steer on a runtime without steer") {
                    try await session.steer("x")
                }
                return
            }
            let result = try await session.execute("Run echo")
            try expectEqual(await recorder.notes, ["steered"], "steer during the turn")
            try expectEqual(result.text, "steered answer", "text after the steer")
            if let history = try await historyIfSupported(runtime, session) {
                try expect(history.contains { $0.role == .user && $0.text == steerText }, "the steer is not in the history: \(history)")
            }
            try await expectError({ if case .invalidRequest = $0 { return true } else { return false } }, "steer with no turn in flight") {
                try await session.steer("too late")
            }
        }
    }

    func cancelDuringApprovalWait() async throws {
        let runtime = try await harness.makeRuntime()
        let recorder = ConformanceRecorder()
        let marker = randomMarker("cancelled")
        let markerFile = harness.workDirectory.appendingPathComponent(marker)
        try await harness.script([.shellCommand("touch \(marker)"), .reply(["after the cancel"])])
        let session = try await runtime.startSession(options(onPermission: { request in
            await recorder.record(request)
            try? await Task.sleep(for: .seconds(3600))  // never decides; cancelled with the turn
            return .allow
        }))
        try await withSession(session) { session in
            let turn = Task { try await session.execute("Create the marker file") }
            let asked = await recorder.wait(timeout: patience) { !$0.permissionRequests.isEmpty }
            guard asked else {
                turn.cancel()
                throw fail("no permission request arrived within \(patience)")
            }
            await session.cancel()
            switch await turn.result {
            case .success(let result):
                throw fail("the cancelled turn succeeded: \(result.text)")
            case .failure(let error):
                try expect((error as? RuntimeError) == .cancelled, "the cancelled turn ended with \(error), not RuntimeError.cancelled")
            }
            try expect(!FileManager.default.fileExists(atPath: markerFile.path), "the command ran although the turn was cancelled")
            let next = try await session.execute("Go on")
            try expectEqual(next.text, "after the cancel", "the turn after the cancel")
        }
    }

    func resumeInNewProcess() async throws {
        let runtime = try await harness.makeRuntime()
        guard runtime.supports(.sessionResume) else { return }
        try await harness.script([.reply(["first answer"])])
        let first = try await runtime.startSession(options())
        let id = first.id
        try await withSession(first) { session in
            let result = try await session.execute("Remember the number 42")
            try expectEqual(result.text, "first answer", "first turn")
        }
        try await harness.script([.reply(["second answer"])])
        let resumed = try await runtime.resumeSession(id: id, options: options())
        try expectEqual(resumed.id, id, "resumed session id")
        try await withSession(resumed) { session in
            let before = try await session.history()
            try expect(before.contains { $0.role == .user && $0.text == "Remember the number 42" }, "the resumed history lacks the first prompt: \(before)")
            try expect(before.contains { $0.role == .assistant && $0.text == "first answer" }, "the resumed history lacks the first answer: \(before)")
            let result = try await session.execute("Which number?")
            try expectEqual(result.text, "second answer", "turn after resume")
            let after = try await session.history()
            try expectEqual(after.filter { $0.role == .user }.map(\.text), ["Remember the number 42", "Which number?"], "user messages after resume")
        }
        try await expectError({ if case .invalidRequest = $0 { return true } else { return false } }, "resume of an unknown session") {
            let session = try await runtime.resumeSession(id: UUID().uuidString.lowercased(), options: options())
            await session.close()
        }
    }

    func reasoningChangeKeepsHistory() async throws {
        let runtime = try await harness.makeRuntime()
        try await harness.script([.reply(["thinking on"], thinking: "deep thought")])
        let session = try await runtime.startSession(options { $0.reasoningEffort = .high })
        try await withSession(session) { session in
            let first = try await session.execute("Turn one")
            try expectEqual(first.text, "thinking on", "first turn")
            guard runtime.supports(.reasoningEffort) else { return }
            try await session.setReasoningEffort(.disabled)
            try await harness.script([.reply(["thinking off"])])
            let second = try await session.execute("Turn two")
            try expectEqual(second.text, "thinking off", "turn after the reasoning change")
            if let history = try await historyIfSupported(runtime, session) {
                try expectEqual(history.filter { $0.role == .user }.map(\.text), ["Turn one", "Turn two"], "user messages across the change")
                try expectEqual(history.filter { $0.role == .assistant }.map(\.text), ["thinking on", "thinking off"], "answers across the change")
            }
        }
    }

    func budgetTurnCap() async throws {
        let runtime = try await harness.makeRuntime()
        guard runtime.supports(.budgetTurnCap) else { return }
        try await harness.script([.reply(["one"]), .reply(["two"])])
        let session = try await runtime.startSession(options { $0.maxTurns = 1 })
        try await withSession(session) { session in
            _ = try await session.execute("First")
            try await expectError({ $0 == .budgetExceeded(kind: .turns, cap: 1, current: 1) }, "second turn over maxTurns = 1") {
                _ = try await session.execute("Second")
            }
            try expectEqual(await session.totals().turns, 1, "turns after the cap tripped")
        }
    }

    func budgetUSDCap() async throws {
        let runtime = try await harness.makeRuntime()
        guard runtime.supports(.budgetUSDCap) else {
            try await expectError({ $0 == .unsupportedFeature(.budgetUSDCap) }, "a USD cap on a runtime without one") {
                let session = try await runtime.startSession(options { $0.maxBudgetUSD = 1 })
                await session.close()
            }
            return
        }
        guard let pricing = try await pricing(runtime) else {
            try await expectError({ $0 == .unsupportedFeature(.budgetUSDCap) }, "a USD cap on an unpriced model") {
                let session = try await runtime.startSession(options { $0.maxBudgetUSD = 1 })
                await session.close()
            }
            return
        }
        let usage = TokenUsage(inputOther: 200_000, output: 400_000, inputCacheRead: 100_000)
        let cost = pricing.cost(of: usage)
        let cap = cost / 2
        try await harness.script([.reply(["expensive"], usage: usage), .reply(["never"])])
        let session = try await runtime.startSession(options { $0.maxBudgetUSD = cap })
        try await withSession(session) { session in
            _ = try await session.execute("Spend")
            do {
                _ = try await session.execute("Spend more")
                throw fail("the turn over maxBudgetUSD ran")
            } catch let error as RuntimeError {
                guard case .budgetExceeded(let kind, let reportedCap, let current) = error else {
                    throw fail("expected budgetExceeded, got \(error)")
                }
                try expectEqual(kind, .usd, "budget kind")
                try expectClose(reportedCap, cap, "reported cap")
                try expectClose(current, cost, "reported spend")
            }
        }
    }

    func rateLimitHook() async throws {
        let runtime = try await harness.makeRuntime()
        let recorder = ConformanceRecorder()
        try await harness.script([.providerError(status: 500), .reply(["recovered"])])
        let session = try await runtime.startSession(options(recorder: recorder))
        try await withSession(session) { session in
            let result = try await session.execute("Try hard")
            try expectEqual(result.text, "recovered", "text after the retry")
            guard runtime.supports(.lifecycleHooks), harness.traits.reportsRetries else { return }
            let limits = await recorder.hooks.compactMap { hook -> RateLimitInfo? in
                if case .rateLimit(let info) = hook { return info }
                return nil
            }
            try expectEqual(limits.count, 1, "rateLimit hooks")
            try expect(limits[0].statusCode == nil || limits[0].statusCode == 500, "rateLimit status \(String(describing: limits[0].statusCode))")
            try expect(limits[0].nextAttempt > limits[0].attempt, "rateLimit attempts \(limits[0])")
        }
    }

    func throwingObserverIgnored() async throws {
        struct ObserverFailure: Error {}
        let runtime = try await harness.makeRuntime()
        try await harness.script([.shellCommand("echo observed"), .reply(["still fine"])])
        let session = try await runtime.startSession(options(configure: { options in
            options.onEvent = { _ in throw ObserverFailure() }
        }, onPermission: { _ in .allow }))
        try await withSession(session) { session in
            let (_, result) = try await collect(session.stream("Run echo"))
            try expectEqual(result.text, "still fine", "turn with a throwing observer")
        }
    }

    func unsupportedFeaturesDeclined() async throws {
        let runtime = try await harness.makeRuntime()
        let declinedAtStart: [(Feature, (inout SessionOptions) -> Void)] = [
            (.reasoningBudgetTokens, { $0.reasoningBudgetTokens = 1024 }),
            (.structuredOutput, { $0.outputSchema = #"{"type":"object"}"# }),
            (.functionTools, { $0.functionTools = [FunctionTool(name: "f", description: "f", parametersSchema: #"{"type":"object"}"#)] }),
        ]
        let sseServer = try McpServerRef.sse(name: "sse", url: try unreachableURL())
        let declinable = declinedAtStart + [
            (.budgetUSDCap, { $0.maxBudgetUSD = 1 }),
            (.mcpSse, { $0.mcpServers = [sseServer] }),
        ]
        for (feature, configure) in declinable where !runtime.supports(feature) {
            try await expectError({ $0 == .unsupportedFeature(feature) }, "session asking for \(feature)") {
                let session = try await runtime.startSession(options(configure: configure))
                await session.close()
            }
        }
        if runtime.supports(.permissionCallback) {
            try await expectError({ if case .invalidRequest = $0 { return true } else { return false } }, "yolo with a permission callback") {
                let session = try await runtime.startSession(options(configure: { $0.yolo = true }, onPermission: { _ in .allow }))
                await session.close()
            }
        }
        try await harness.script([.reply(["usable"])])
        let session = try await runtime.startSession(options())
        try await withSession(session) { session in
            if !runtime.supports(.fileInput) {
                try await expectError({ $0 == .unsupportedFeature(.fileInput) }, "prompt with a file") {
                    _ = try await session.execute(Prompt("Read this", files: [.bytes(Data("hi".utf8), filename: "a.txt", mediaType: "text/plain")]))
                }
            }
            let result = try await session.execute("Still there?")
            try expectEqual(result.text, "usable", "turn after declined features")
        }
    }

    func invalidInputsRejected() async throws {
        let runtime = try await harness.makeRuntime()
        try runtime.validate(model: harness.model)
        for bad in ["gpt-4o", "", "claude-3", "kimi-", "KIMI-K2"] {
            try await expectError({ if case .invalidRequest = $0 { return true } else { return false } }, "validate(model: \"\(bad)\")") {
                try runtime.validate(model: bad)
            }
        }
        try await expectError({ if case .invalidRequest = $0 { return true } else { return false } }, "session with a non-provider model") {
            let session = try await runtime.startSession(options { $0.model = "gpt-4o" })
            await session.close()
        }
        let models = try await runtime.listModels()
        try expect(!models.isEmpty, "listModels() is empty")
        for model in models { try runtime.validate(model: model.id) }
        try await expectError({ if case .invalidRequest = $0 { return true } else { return false } }, "stdio MCP server with a URL") {
            _ = try McpServerRef(name: "x", transport: .stdio, command: "true", url: try unreachableURL())
        }
        try await expectError({ if case .invalidRequest = $0 { return true } else { return false } }, "http MCP server without a URL") {
            _ = try McpServerRef(name: "x", transport: .http)
        }
        let one = try McpServerRef.stdio(name: "dup", command: "true")
        let two = try McpServerRef.http(name: "dup", url: try unreachableURL())
        try await expectError({ if case .invalidRequest = $0 { return true } else { return false } }, "duplicate MCP server names") {
            let session = try await runtime.startSession(options { $0.mcpServers = [one, two] })
            await session.close()
        }
    }

    func closeIsIdempotent() async throws {
        let runtime = try await harness.makeRuntime()
        let recorder = ConformanceRecorder()
        try await harness.script([.reply(["before close"])])
        let session = try await runtime.startSession(options(recorder: recorder))
        _ = try await session.execute("Hello")
        async let a: Void = session.close()
        async let b: Void = session.close()
        _ = await (a, b)
        await session.close()
        try await expectError({ if case .invalidRequest = $0 { return true } else { return false } }, "execute after close") {
            _ = try await session.execute("Anyone?")
        }
        if runtime.supports(.lifecycleHooks) {
            try expectEqual(await recorder.hookKinds.filter { $0 == .sessionEnd }.count, 1, "sessionEnd hooks after three closes")
        }
    }
}
