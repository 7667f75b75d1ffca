import Foundation
import KimiRuntime

/// The checks of turns: streaming, hooks, images, steering, cancellation, resume and reasoning changes.
extension CheckContext {
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
}
