import Foundation

/// The mutable state of one ACP turn.
struct AcpTurnState {
    var accumulator = AcpTurnAccumulator()
    /// Permission requests waiting for the caller: key → (JSON-RPC id, offered options, tool call).
    var pendingPermissions: [String: (rpcID: JSONValue, options: [JSONValue], toolCallID: String)] = [:]
    var tasks: [Task<Void, Never>] = []
    var cancelSentAt: ContinuousClock.Instant?
    var quietSince: ContinuousClock.Instant
    let started: ContinuousClock.Instant
    let promptID: String
}

extension AcpSession {
    func performTurn(_ prompt: Prompt, emit: (@Sendable (RuntimeEvent) -> Void)?) async throws -> RuntimeResult {
        try await guardedTurn {
            try checkBudget()
            let blocks = try AcpWireValues.promptBlocks(for: prompt)
            if !prompt.images.isEmpty, !agent.imagePrompts { throw RuntimeError.unsupportedFeature(.visionInput) }
            return blocks
        } run: { blocks in
            try await runTurn(prompt: prompt, blocks: blocks, emit: emit)
        }
    }

    private func runTurn(prompt: Prompt, blocks: [JSONValue], emit: (@Sendable (RuntimeEvent) -> Void)?) async throws -> RuntimeResult {
        let client = try await ensureConnection().client
        if lifecycle.cancelRequested || Task.isCancelled { throw RuntimeError.cancelled }
        turns += 1
        await notify(.userPromptSubmit(prompt: prompt.text))
        if lifecycle.cancelRequested { throw RuntimeError.cancelled }
        await client.dropStale()
        transcript.append(TranscriptEntry(role: .user, text: prompt.text, imageURLs: AcpWireValues.imageURIs(for: prompt)))
        let ticker = Task { [client] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(100))
                await client.post(.tick)
            }
        }
        let now = ContinuousClock.now
        var turn = AcpTurnState(quietSince: now, started: now, promptID: await client.makeID())
        defer {
            ticker.cancel()
            for task in turn.tasks { task.cancel() }
        }
        do {
            try await client.sendRequest(id: turn.promptID, method: "session/prompt", params: [
                "sessionId": .string(id), "prompt": .array(blocks),
            ])
            let result = try await turnLoop(client: client, emit: emit, turn: &turn)
            record(turn.accumulator)
            return result
        } catch {
            adoptLoggedUsage(&turn.accumulator)
            record(turn.accumulator)
            throw error
        }
    }

    private func turnLoop(client: WireClient, emit: (@Sendable (RuntimeEvent) -> Void)?, turn: inout AcpTurnState) async throws -> RuntimeResult {
        while true {
            let item = await client.next()
            switch item {
            case .message(.notification("session/update", let params)):
                if params["sessionId"]?.stringValue == id {
                    await deliver(turn.accumulator.consume(params["update"] ?? .null), emit)
                }
            case .message(.call(let rpcID, let method, let params)):
                await answer(rpcID: rpcID, method: method, params: params, client: client, emit: emit, turn: &turn)
            case .message(.response(let responseID, let result)):
                guard responseID == turn.promptID else { break }  // a late answer to something else
                await deliver(turn.accumulator.flush(), emit)
                adoptLoggedUsage(&turn.accumulator)
                return try finishTurn(result, accumulator: &turn.accumulator)
            case .message:
                break
            case .malformed(let line):
                await dispose(client)
                throw RuntimeError.protocol("the ACP agent sent malformed JSON: \(KimiSession.excerpt(line))")
            case .exited(let exit, let stderr):
                await dispose(client)
                throw SessionLifecycle.exitedMidTurn(exit, stderr: stderr)
            case .permissionDecided(let key, _, let decision):
                guard let pending = turn.pendingPermissions.removeValue(forKey: key) else { break }
                turn.quietSince = .now
                if decision == .defer { turn.accumulator.deferredCalls.insert(pending.toolCallID) }
                try? await client.respond(rawID: pending.rpcID, result: AcpWireValues.permissionOutcome(decision, options: pending.options))
            case .tick:
                break
            }
            try await checkLimits(client: client, turn: &turn)
        }
    }

    private func finishTurn(_ result: Result<JSONValue, WireRPCError>, accumulator: inout AcpTurnAccumulator) throws -> RuntimeResult {
        switch result {
        case .success(let value):
            accumulator.finish(promptResult: value)
            let stopReason = value["stopReason"]?.stringValue ?? "end_turn"
            if stopReason == "cancelled" { throw RuntimeError.cancelled }
            if !accumulator.text.isEmpty { transcript.append(TranscriptEntry(role: .assistant, text: accumulator.text)) }
            let pricing = KimiModelCatalog.pricing(for: model)
            return RuntimeResult(
                sessionID: id, model: model, text: accumulator.text, reasoning: accumulator.reasoning,
                toolCalls: accumulator.toolCalls, toolResults: accumulator.toolResults, usage: accumulator.usage,
                cost: accumulator.usageReported ? pricing.map { CostRecord(model: model, usage: accumulator.usage, pricing: $0) } : nil,
                stopReason: stopReason == "max_turn_requests" ? .maxStepsReached : .finished
            )
        case .failure(let error):
            if lifecycle.cancelRequested { throw RuntimeError.cancelled }
            throw AcpConnection.map(error, method: "session/prompt")
        }
    }

    /// Answers a request of the agent: permissions, file access, and an error for the rest.
    private func answer(
        rpcID: JSONValue, method: String, params: JSONValue, client: WireClient,
        emit: (@Sendable (RuntimeEvent) -> Void)?, turn: inout AcpTurnState
    ) async {
        switch method {
        case "session/request_permission":
            await deliver(turn.accumulator.flush(), emit)
            let options = params["options"]?.arrayValue ?? []
            let toolCall = params["toolCall"] ?? .null
            let toolCallID = toolCall["toolCallId"]?.stringValue ?? ""
            let known = turn.accumulator.call(id: toolCallID)
            let title = toolCall["title"]?.stringValue ?? ""
            let request = PermissionRequest(
                id: rpcID.idString ?? "", toolCallID: toolCallID,
                toolName: known?.name ?? AcpTurnAccumulator.toolName(title: title, kind: toolCall["kind"]?.stringValue),
                arguments: known?.arguments ?? "", action: title,
                reason: AcpTurnAccumulator.contentText(toolCall["content"]) ?? title
            )
            guard let handler = options.isEmpty || lifecycle.cancelRequested ? nil : self.options.onPermission else {
                let decision: PermissionDecision? = lifecycle.cancelRequested ? nil : (self.options.yolo ? .allow : .deny)
                try? await client.respond(rawID: rpcID, result: AcpWireValues.permissionOutcome(decision, options: options))
                return
            }
            let key = "p-\(turn.pendingPermissions.count)-\(rpcID.idString ?? "")"
            turn.pendingPermissions[key] = (rpcID, options, toolCallID)
            turn.tasks.append(Task { [client] in
                let decision = await handler(request)
                await client.post(.permissionDecided(rpcID: key, requestID: key, decision: decision))
            })
        case "fs/read_text_file", "fs/write_text_file":
            switch AcpFileAccess(root: plan.workDirectory).answer(method: method, params: params) {
            case .success(let value): try? await client.respond(rawID: rpcID, result: value)
            case .failure(let failure): try? await client.respondError(rawID: rpcID, code: failure.code, message: failure.message)
            }
        default:
            try? await client.respondError(rawID: rpcID, code: -32601, message: "KimiRuntime does not implement the ACP method \(method)")
        }
    }

    /// Cancellation and time limits, checked after every item (ticks come every 100 ms).
    private func checkLimits(client: WireClient, turn: inout AcpTurnState) async throws {
        let now = ContinuousClock.now
        if lifecycle.cancelRequested, turn.cancelSentAt == nil {
            turn.cancelSentAt = now
            try? await client.notify("session/cancel", params: ["sessionId": .string(id)])
            // ACP: pending permission requests are answered `cancelled` once the turn is cancelled.
            for (_, pending) in turn.pendingPermissions {
                try? await client.respond(rawID: pending.rpcID, result: AcpWireValues.permissionOutcome(nil, options: []))
            }
            turn.pendingPermissions.removeAll()
        }
        try await enforceTimeLimits(
            client: client, started: turn.started, cancelSentAt: turn.cancelSentAt,
            waitingForCaller: !turn.pendingPermissions.isEmpty, quietSince: &turn.quietSince, peer: "the ACP agent"
        )
    }
}
