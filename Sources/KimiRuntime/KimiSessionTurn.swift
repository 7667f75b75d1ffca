import Foundation

extension KimiSession {
    func performTurn(_ prompt: Prompt, emit: (@Sendable (RuntimeEvent) -> Void)?) async throws -> RuntimeResult {
        try await guardedTurn {
            try SessionLifecycle.checkBudget(options, turns: turns, costUSD: costUSD)
            return try Self.wireInput(for: prompt)
        } run: { input in
            try await runTurn(prompt: prompt, input: input, emit: emit)
        }
    }

    private func runTurn(prompt: Prompt, input: JSONValue, emit: (@Sendable (RuntimeEvent) -> Void)?) async throws -> RuntimeResult {
        let client = try await ensurePeer()
        if lifecycle.cancelRequested || Task.isCancelled { throw RuntimeError.cancelled }
        turns += 1
        await notify(.userPromptSubmit(prompt: prompt.text))
        if lifecycle.cancelRequested { throw RuntimeError.cancelled }
        await client.dropStale()

        let ticker = Task { [client] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(100))
                await client.post(.tick)
            }
        }
        let now = ContinuousClock.now
        var turn = KimiTurnState(quietSince: now, started: now, promptID: await client.makeID(), hadImages: !prompt.images.isEmpty)
        defer {
            ticker.cancel()
            for task in turn.approvalTasks { task.cancel() }
        }
        do {
            do {
                try await client.sendRequest(id: turn.promptID, method: "prompt", params: ["user_input": input])
            } catch {
                await dispose(client)
                throw error
            }
            let result = try await turnLoop(client: client, emit: emit, turn: &turn)
            record(turn.accumulator.usage)
            return result
        } catch {
            record(turn.accumulator.usage)
            throw error
        }
    }

    private func turnLoop(client: WireClient, emit: (@Sendable (RuntimeEvent) -> Void)?, turn: inout KimiTurnState) async throws -> RuntimeResult {
        while true {
            let item = await client.next()
            switch item {
            case .message(.event(let type, let payload)):
                if type == "ApprovalResponse" || type == "ApprovalRequestResolved", let requestID = payload["request_id"]?.stringValue {
                    turn.pendingApprovals[requestID] = nil
                }
                await deliver(turn.accumulator.consume(type: type, payload: payload), emit)
            case .message(.request(let rpcID, let type, let payload)):
                await deliver(turn.accumulator.flush(), emit)
                if type == "ApprovalRequest" {
                    await askApproval(rpcID: rpcID, payload: payload, client: client, turn: &turn)
                } else {
                    await answerOther(request: rpcID, type: type, payload: payload, client: client)
                }
            case .message(.response(let id, let result)):
                guard id == turn.promptID else { break }  // a late answer to something else
                await deliver(turn.accumulator.flush(), emit)
                return try finishTurn(result, turn: turn)
            case .message(.other), .message(.notification):
                break
            case .message(.call(let rpcID, let method, _)):
                try? await client.respondError(rawID: rpcID, code: -32601, message: "KimiRuntime does not handle method \(method)")
            case .malformed(let line):
                await dispose(client)
                throw RuntimeError.protocol("the Kimi CLI sent malformed JSON: \(Self.excerpt(line))")
            case .exited(let exit, let stderr):
                await dispose(client)
                throw SessionLifecycle.exitedMidTurn(exit, stderr: stderr)
            case .permissionDecided(let rpcID, let requestID, let decision):
                guard turn.pendingApprovals.removeValue(forKey: requestID) != nil else { break }
                turn.quietSince = .now
                try? await client.respond(id: rpcID, result: Self.approvalAnswer(requestID: requestID, decision: decision))
            case .tick:
                break
            }
            try await checkLimits(client: client, turn: &turn)
        }
    }

    private func finishTurn(_ result: Result<JSONValue, WireRPCError>, turn: KimiTurnState) throws -> RuntimeResult {
        switch result {
        case .success(let value):
            let status = value["status"]?.stringValue
            if status == "cancelled" { throw RuntimeError.cancelled }
            return makeResult(turn.accumulator, stopReason: status == "max_steps_reached" ? .maxStepsReached : .finished)
        case .failure(let error):
            throw Self.map(error, hadImages: turn.hadImages)
        }
    }

    /// Passes an approval request to the permission callback, or answers it from `yolo`.
    private func askApproval(rpcID: String, payload: JSONValue, client: WireClient, turn: inout KimiTurnState) async {
        let requestID = payload["id"]?.stringValue ?? rpcID
        let toolCallID = payload["tool_call_id"]?.stringValue ?? ""
        let call = turn.accumulator.call(id: toolCallID)
        let request = PermissionRequest(
            id: requestID,
            toolCallID: toolCallID,
            toolName: payload["sender"]?.stringValue ?? call?.name ?? "",
            arguments: call?.arguments ?? "",
            action: payload["action"]?.stringValue ?? "",
            reason: payload["description"]?.stringValue ?? ""
        )
        guard let handler = options.onPermission else {
            let decision: PermissionDecision = options.yolo ? .allow : .deny
            try? await client.respond(id: rpcID, result: Self.approvalAnswer(requestID: requestID, decision: decision))
            return
        }
        turn.pendingApprovals[requestID] = rpcID
        turn.approvalTasks.append(Task { [client] in
            let decision = await handler(request)
            await client.post(.permissionDecided(rpcID: rpcID, requestID: requestID, decision: decision))
        })
    }

    /// Cancellation and time limits, checked after every item (ticks come every 100 ms).
    private func checkLimits(client: WireClient, turn: inout KimiTurnState) async throws {
        let now = ContinuousClock.now
        if lifecycle.cancelRequested, turn.cancelSentAt == nil {
            turn.cancelSentAt = now
            let grace = timeouts.cancelGrace
            Task { [client] in _ = try? await client.call("cancel", params: [:], timeout: grace) }
        }
        try await enforceTimeLimits(
            client: client, started: turn.started, cancelSentAt: turn.cancelSentAt,
            waitingForCaller: !turn.pendingApprovals.isEmpty, quietSince: &turn.quietSince, peer: "the Kimi CLI"
        )
    }

    private func makeResult(_ accumulator: TurnAccumulator, stopReason: RuntimeResult.StopReason) -> RuntimeResult {
        RuntimeResult(
            sessionID: id,
            model: model,
            text: accumulator.text,
            reasoning: accumulator.reasoning,
            toolCalls: accumulator.toolCalls,
            toolResults: accumulator.toolResults,
            usage: accumulator.usage,
            cost: pricing.map { CostRecord(model: model, usage: accumulator.usage, pricing: $0) },
            stopReason: stopReason
        )
    }

    private func record(_ turnUsage: TokenUsage) {
        usage += turnUsage
        if let pricing { costUSD = (costUSD ?? 0) + pricing.cost(of: turnUsage) }
    }

    private func answerOther(request rpcID: String, type: String, payload: JSONValue, client: WireClient) async {
        switch type {
        case "QuestionRequest":
            try? await client.respond(id: rpcID, result: ["request_id": .string(payload["id"]?.stringValue ?? rpcID), "answers": [:]])
        case "HookRequest":
            try? await client.respond(
                id: rpcID,
                result: ["request_id": .string(payload["id"]?.stringValue ?? rpcID), "action": "allow", "reason": ""]
            )
        case "ToolCallRequest":
            try? await client.respond(id: rpcID, result: [
                "tool_call_id": .string(payload["id"]?.stringValue ?? rpcID),
                "return_value": [
                    "is_error": true, "output": "", "message": "KimiRuntime registers no external tools", "display": [],
                ],
            ])
        default:
            try? await client.respondError(id: rpcID, code: -32601, message: "KimiRuntime does not handle request type \(type)")
        }
    }
}
