import Foundation

/// A conversation with the Kimi agent, run by a Kimi CLI process in wire mode.
///
/// Created by ``KimiRuntime/makeSession(_:)`` or ``KimiRuntime/resume(sessionID:options:)``.
/// One turn runs at a time. The CLI process is started with the session and restarted under the
/// same session id when the thinking mode changes between turns, or after a failure that had to
/// stop it (timeout, malformed output): the conversation's history lives in the CLI's session
/// store and survives restarts.
public actor KimiSession: AgentSession {
    /// The session id (a UUID unless resumed from another id).
    public nonisolated let id: String
    /// The model (or, with a ``KimiConfiguration/cliConfig``, the model alias) the session runs.
    public nonisolated let model: String

    private let plan: KimiLaunchPlan
    private let options: SessionOptions
    private let runtime: KimiRuntime
    private let timeouts: KimiConfiguration.Timeouts
    private let scratchDirectory: URL?
    private let pricing: ModelPricing?

    struct RunningPeer {
        let client: WireClient
        let thinking: Bool?
    }

    private var effort: ReasoningEffort?
    var peer: RunningPeer?
    private var peerStarts = 0
    private var startedOnce = false
    private var state = Lifecycle.open
    private var operationInFlight = false
    private var turnRunning = false
    private var cancelRequested = false
    private var operationWaiters: [CheckedContinuation<Void, Never>] = []
    private var closeWaiters: [CheckedContinuation<Void, Never>] = []
    private var turns = 0
    private var usage = TokenUsage.zero
    private var costUSD: Double?
    private var resumedHistory: [TranscriptEntry] = []

    private enum Lifecycle {
        case open, closing, closed
    }

    /// Feedback sent with a deferred permission decision, so the model knows it may go on.
    static let deferredFeedback =
        "The user deferred this decision: the tool call was not run now. Continue without it if you can, or ask again later."

    init(
        id: String,
        model: String,
        plan: KimiLaunchPlan,
        options: SessionOptions,
        runtime: KimiRuntime,
        scratchDirectory: URL?
    ) {
        self.id = id
        self.model = model
        self.plan = plan
        self.options = options
        self.runtime = runtime
        self.timeouts = runtime.configuration.timeouts
        self.scratchDirectory = scratchDirectory
        self.effort = options.reasoningEffort
        let pricing = KimiModelCatalog.pricing(for: model)
        self.pricing = pricing
        self.costUSD = pricing == nil ? nil : 0
    }

    deinit {
        peer?.client.process.killNow()
        if let scratchDirectory { try? FileManager.default.removeItem(at: scratchDirectory) }
    }

    // MARK: - Diagnostics

    /// The process id of the running Kimi CLI, if one runs.
    public var peerProcessID: Int32? { peer?.client.process.pid }

    /// The arguments the running Kimi CLI was started with, if one runs.
    public var peerArguments: [String]? { peer?.client.process.arguments }

    /// How many times a Kimi CLI process was started for this session.
    public var peerStartCount: Int { peerStarts }

    /// The history replayed when the session was resumed (empty for new sessions).
    public var historyAtResume: [TranscriptEntry] { resumedHistory }

    /// The current reasoning effort.
    public var reasoningEffort: ReasoningEffort? { effort }

    // MARK: - AgentSession

    /// Runs one turn and returns its result.
    public func execute(_ prompt: Prompt) async throws -> RuntimeResult {
        try await performTurn(prompt, emit: nil)
    }

    /// Runs one turn, streaming its events; ends with exactly one `.turnComplete` unless the turn
    /// fails or is cancelled (then the stream throws). Terminating the stream cancels the turn.
    public nonisolated func stream(_ prompt: Prompt) -> AsyncThrowingStream<RuntimeEvent, any Error> {
        TurnStream.make { emit in try await self.performTurn(prompt, emit: emit) }
    }

    /// Injects `prompt` into the turn in flight; the agent reads it after its current step.
    public func steer(_ prompt: Prompt) async throws {
        guard turnRunning, let client = peer?.client else {
            throw RuntimeError.invalidRequest("steer needs a turn in flight, and none is running")
        }
        let input = try Self.wireInput(for: prompt)
        do {
            _ = try await client.call("steer", params: ["user_input": input], timeout: timeouts.startup)
        } catch let error as WireRPCError {
            if error.code == -32000 {
                throw RuntimeError.invalidRequest("steer needs a turn in flight: \(error.message)")
            }
            throw Self.map(error, hadImages: !prompt.images.isEmpty)
        }
    }

    /// Cancels the turn in flight and returns once it has ended (with `RuntimeError.cancelled`).
    public func cancel() async {
        guard turnRunning else { return }
        requestCancel()
        await waitForOperation()
    }

    /// Stops the CLI, removes the session's temporary files and reports `sessionEnd`. Cancels a
    /// turn in flight first. Idempotent.
    public func close() async {
        switch state {
        case .closed:
            return
        case .closing:
            await withCheckedContinuation { closeWaiters.append($0) }
            return
        case .open:
            state = .closing
        }
        if turnRunning { requestCancel() }
        await waitForOperation()
        if let client = peer?.client {
            peer = nil
            await client.shutdown(grace: timeouts.shutdownGrace)
        }
        if let scratchDirectory { try? FileManager.default.removeItem(at: scratchDirectory) }
        state = .closed
        if startedOnce { await notify(.sessionEnd(sessionID: id)) }
        let waiters = closeWaiters
        closeWaiters.removeAll()
        for waiter in waiters { waiter.resume() }
    }

    /// Sets the reasoning effort for the following turns; when that flips thinking on or off, the
    /// next turn restarts the CLI under the same session id (the history survives).
    public func setReasoningEffort(_ effort: ReasoningEffort?) async throws {
        try ensureOpen()
        self.effort = effort
    }

    /// The session's messages, replayed from the CLI's session store.
    public func history() async throws -> [TranscriptEntry] {
        try ensureOpen()
        guard !operationInFlight else {
            throw RuntimeError.invalidRequest("history is not available while a turn is running")
        }
        operationInFlight = true
        defer { endOperation() }
        let client = try await ensurePeer()
        return try await replay(client).entries
    }

    /// Tokens, cost and turns so far.
    public func totals() async -> SessionTotals {
        SessionTotals(turns: turns, usage: usage, costUSD: costUSD)
    }

    // MARK: - Start

    /// Starts the CLI; when resuming, replays the history and fails if there is none.
    func start(resuming: Bool) async throws {
        operationInFlight = true
        defer { endOperation() }
        let client = try await ensurePeer()
        if resuming {
            let replayed = try await replay(client)
            guard replayed.events > 0 else {
                throw RuntimeError.invalidRequest(
                    "no Kimi session '\(id)' with any history for work directory \(plan.workDirectory)"
                )
            }
            resumedHistory = replayed.entries
        }
    }

    // MARK: - Turns

    private func performTurn(_ prompt: Prompt, emit: (@Sendable (RuntimeEvent) -> Void)?) async throws -> RuntimeResult {
        try ensureOpen()
        guard !operationInFlight else {
            throw RuntimeError.invalidRequest("a turn is already running in this session")
        }
        if Task.isCancelled { throw RuntimeError.cancelled }
        try checkBudget()
        let input = try Self.wireInput(for: prompt)
        operationInFlight = true
        turnRunning = true
        cancelRequested = false
        defer {
            turnRunning = false
            endOperation()
        }
        return try await withTaskCancellationHandler {
            try await runTurn(prompt: prompt, input: input, emit: emit)
        } onCancel: {
            Task { await self.requestCancel() }
        }
    }

    private func runTurn(prompt: Prompt, input: JSONValue, emit: (@Sendable (RuntimeEvent) -> Void)?) async throws -> RuntimeResult {
        let client = try await ensurePeer()
        if cancelRequested || Task.isCancelled { throw RuntimeError.cancelled }
        turns += 1
        await notify(.userPromptSubmit(prompt: prompt.text))
        if cancelRequested { throw RuntimeError.cancelled }
        await client.dropStale()

        let ticker = Task { [client] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(100))
                await client.post(.tick)
            }
        }
        var accumulator = TurnAccumulator()
        var approvalTasks: [Task<Void, Never>] = []
        defer {
            ticker.cancel()
            for task in approvalTasks { task.cancel() }
        }
        do {
            let result = try await turnLoop(
                client: client, prompt: prompt, input: input, emit: emit,
                accumulator: &accumulator, approvalTasks: &approvalTasks
            )
            record(accumulator.usage)
            return result
        } catch {
            record(accumulator.usage)
            throw error
        }
    }

    private func turnLoop(
        client: WireClient,
        prompt: Prompt,
        input: JSONValue,
        emit: (@Sendable (RuntimeEvent) -> Void)?,
        accumulator: inout TurnAccumulator,
        approvalTasks: inout [Task<Void, Never>]
    ) async throws -> RuntimeResult {
        let clock = ContinuousClock()
        let started = clock.now
        var quietSince = started
        var cancelSentAt: ContinuousClock.Instant?
        var pendingApprovals: [String: String] = [:]  // approval request id -> JSON-RPC id
        let promptID = await client.makeID()
        do {
            try await client.sendRequest(id: promptID, method: "prompt", params: ["user_input": input])
        } catch {
            await dispose(client)
            throw error
        }

        while true {
            let item = await client.next()
            switch item {
            case .message(.event(let type, let payload)):
                if type == "ApprovalResponse" || type == "ApprovalRequestResolved",
                    let requestID = payload["request_id"]?.stringValue
                {
                    pendingApprovals[requestID] = nil
                }
                await deliver(accumulator.consume(type: type, payload: payload), emit)

            case .message(.request(let rpcID, let type, let payload)):
                await deliver(accumulator.flush(), emit)
                if type == "ApprovalRequest" {
                    let requestID = payload["id"]?.stringValue ?? rpcID
                    let toolCallID = payload["tool_call_id"]?.stringValue ?? ""
                    let call = accumulator.call(id: toolCallID)
                    let request = PermissionRequest(
                        id: requestID,
                        toolCallID: toolCallID,
                        toolName: payload["sender"]?.stringValue ?? call?.name ?? "",
                        arguments: call?.arguments ?? "",
                        action: payload["action"]?.stringValue ?? "",
                        reason: payload["description"]?.stringValue ?? ""
                    )
                    if let handler = options.onPermission {
                        pendingApprovals[requestID] = rpcID
                        approvalTasks.append(Task { [client] in
                            let decision = await handler(request)
                            await client.post(.permissionDecided(rpcID: rpcID, requestID: requestID, decision: decision))
                        })
                    } else {
                        let decision: PermissionDecision = options.yolo ? .allow : .deny
                        try? await client.respond(id: rpcID, result: Self.approvalAnswer(requestID: requestID, decision: decision))
                    }
                } else {
                    await answerOther(request: rpcID, type: type, payload: payload, client: client)
                }

            case .message(.response(let id, let result)):
                guard id == promptID else { break }  // a late answer to something else
                await deliver(accumulator.flush(), emit)
                switch result {
                case .success(let value):
                    let status = value["status"]?.stringValue
                    if status == "cancelled" { throw RuntimeError.cancelled }
                    return makeResult(accumulator, stopReason: status == "max_steps_reached" ? .maxStepsReached : .finished)
                case .failure(let error):
                    throw Self.map(error, hadImages: !prompt.images.isEmpty)
                }

            case .message(.other), .message(.notification):
                break

            case .message(.call(let rpcID, let method, _)):
                try? await client.respondError(rawID: rpcID, code: -32601, message: "KimiRuntime does not handle method \(method)")

            case .malformed(let line):
                await dispose(client)
                throw RuntimeError.protocol("the Kimi CLI sent malformed JSON: \(Self.excerpt(line))")

            case .exited(let exit, let stderr):
                await dispose(client)
                throw RuntimeError.peerExited(
                    exitCode: exit.exitCode,
                    signal: exit.signal,
                    detail: (["it ended in the middle of a turn"] + (stderr.isEmpty ? [] : [stderr])).joined(separator: "; ")
                )

            case .permissionDecided(let rpcID, let requestID, let decision):
                guard pendingApprovals.removeValue(forKey: requestID) != nil else { break }
                quietSince = clock.now
                try? await client.respond(id: rpcID, result: Self.approvalAnswer(requestID: requestID, decision: decision))

            case .tick:
                break
            }

            // Cancellation and time limits, checked after every item (ticks come every 100 ms).
            let now = clock.now
            if cancelRequested, cancelSentAt == nil {
                cancelSentAt = now
                let grace = timeouts.cancelGrace
                Task { [client] in _ = try? await client.call("cancel", params: [:], timeout: grace) }
            }
            if let sent = cancelSentAt, now - sent > timeouts.cancelGrace {
                await dispose(client)
                throw RuntimeError.cancelled
            }
            if let limit = timeouts.turn, now - started > limit {
                await dispose(client)
                throw RuntimeError.timeout("the turn took longer than \(limit); the Kimi CLI was stopped")
            }
            if let limit = timeouts.idle, pendingApprovals.isEmpty {
                let heard = await client.lastActivity
                let lastHeard = max(heard, quietSince)
                if now - lastHeard > limit {
                    await dispose(client)
                    throw RuntimeError.timeout("the Kimi CLI sent nothing for \(limit) during a turn; it was stopped")
                }
            } else if !pendingApprovals.isEmpty {
                quietSince = now  // waiting for the caller is not the peer's silence
            }
        }
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

    private func checkBudget() throws {
        if let maxTurns = options.maxTurns, turns >= maxTurns {
            throw RuntimeError.budgetExceeded(kind: .turns, cap: Double(maxTurns), current: Double(turns))
        }
        if let cap = options.maxBudgetUSD {
            let spent = costUSD ?? 0
            if spent >= cap {
                throw RuntimeError.budgetExceeded(kind: .usd, cap: cap, current: spent)
            }
        }
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

    private func deliver(_ outputs: [TurnAccumulator.Output], _ emit: (@Sendable (RuntimeEvent) -> Void)?) async {
        for output in outputs {
            switch output {
            case .event(let event): emit?(event)
            case .hook(let hook): await notify(hook)
            }
        }
    }

    private func notify(_ event: HookEvent) async {
        guard let observer = options.onEvent else { return }
        do {
            try await observer(event)
        } catch {
            // By contract an observer cannot break the session: its errors are dropped.
        }
    }

    // MARK: - Peer process

    private func ensurePeer() async throws -> WireClient {
        let thinking = KimiLaunchPlan.thinkingFlag(for: effort)
        if let peer {
            if await peer.client.isAlive, peer.thinking == thinking { return peer.client }
            self.peer = nil
            await peer.client.shutdown(grace: timeouts.shutdownGrace)
        }
        try await runtime.verifyPeer(executable: plan.executable, environment: plan.environment)
        let process = try await ChildProcess.launch(
            executable: plan.executable,
            arguments: plan.arguments(sessionID: id, thinking: thinking),
            environment: plan.environment
        )
        let client = WireClient(process: process)
        await client.start()
        do {
            let answer = try await client.call("initialize", params: Self.initializeParams, timeout: timeouts.startup)
            let version = answer["protocol_version"]?.stringValue ?? "(none)"
            if runtime.configuration.verifyPeerVersion, version != KimiPin.wireProtocolVersion {
                throw RuntimeError.protocol(
                    "the Kimi CLI speaks wire protocol \(version), but KimiRuntime is pinned to wire protocol "
                        + "\(KimiPin.wireProtocolVersion) (Kimi CLI \(KimiPin.cliVersion))"
                )
            }
        } catch let error as WireRPCError {
            await client.shutdown(grace: .milliseconds(200))
            throw RuntimeError.protocol("the Kimi CLI rejected initialize: \(error.message) (\(error.code))")
        } catch {
            await client.shutdown(grace: .milliseconds(200))
            throw error
        }
        peer = RunningPeer(client: client, thinking: thinking)
        peerStarts += 1
        if !startedOnce {
            startedOnce = true
            await notify(.sessionStart(sessionID: id))
        }
        return client
    }

    private func dispose(_ client: WireClient) async {
        if peer?.client === client { peer = nil }
        await client.shutdown(grace: .milliseconds(200))
    }

    private func replay(_ client: WireClient) async throws -> (entries: [TranscriptEntry], events: Int) {
        _ = await client.takeAll()
        let answer: JSONValue
        do {
            answer = try await client.call("replay", params: [:], timeout: timeouts.startup)
        } catch let error as WireRPCError {
            throw RuntimeError.protocol("the Kimi CLI rejected replay: \(error.message) (\(error.code))")
        }
        var builder = TranscriptBuilder()
        for item in await client.takeAll() {
            // Replayed server requests keep their original ids and must not be answered.
            if case .message(.event(let type, let payload)) = item {
                builder.consume(type: type, payload: payload)
            }
        }
        return (builder.finish(), answer["events"]?.intValue ?? 0)
    }

    // MARK: - Bookkeeping

    private func requestCancel() {
        guard turnRunning else { return }
        cancelRequested = true
        if let client = peer?.client {
            Task { await client.post(.tick) }
        }
    }

    private func ensureOpen() throws {
        guard case .open = state else {
            throw RuntimeError.invalidRequest("the session is closed")
        }
    }

    private func endOperation() {
        operationInFlight = false
        let waiters = operationWaiters
        operationWaiters.removeAll()
        for waiter in waiters { waiter.resume() }
    }

    private func waitForOperation() async {
        guard operationInFlight else { return }
        await withCheckedContinuation { operationWaiters.append($0) }
    }

    // MARK: - Wire values

    static let initializeParams: JSONValue = [
        "protocol_version": .string(KimiPin.wireProtocolVersion),
        "client": ["name": "KimiRuntime", "version": .string(KimiPin.cliVersion)],
        "capabilities": ["supports_question": false, "supports_plan_mode": false],
    ]

    /// The `user_input` of a prompt: its text, or text and image parts (images as data URIs).
    static func wireInput(for prompt: Prompt) throws -> JSONValue {
        guard prompt.files.isEmpty else { throw RuntimeError.unsupportedFeature(.fileInput) }
        guard !prompt.images.isEmpty else { return .string(prompt.text) }
        var parts: [JSONValue] = []
        if !prompt.text.isEmpty {
            parts.append(["type": "text", "text": .string(prompt.text)])
        }
        for image in prompt.images {
            parts.append(["type": "image_url", "image_url": ["url": .string(try image.dataURI())]])
        }
        return .array(parts)
    }

    /// The answer to an approval request.
    static func approvalAnswer(requestID: String, decision: PermissionDecision) -> JSONValue {
        switch decision {
        case .allow:
            return ["request_id": .string(requestID), "response": "approve"]
        case .deny:
            return ["request_id": .string(requestID), "response": "reject"]
        case .defer:
            return ["request_id": .string(requestID), "response": "reject", "feedback": .string(deferredFeedback)]
        }
    }

    /// A JSON-RPC error answer to `prompt` as a runtime error.
    static func map(_ error: WireRPCError, hadImages: Bool) -> RuntimeError {
        switch error.code {
        case -32001:
            return .auth("the Kimi CLI has no usable model or credentials: \(error.message)")
        case -32002 where hadImages:
            return .unsupportedFeature(.visionInput)
        case -32003:
            return .transient("the model provider failed: \(error.message)")
        case -32004:
            return .auth(error.message)
        default:
            return .protocol("the Kimi CLI answered with JSON-RPC error \(error.code): \(error.message)")
        }
    }

    static func excerpt(_ line: String, limit: Int = 200) -> String {
        line.count <= limit ? line : String(line.prefix(limit)) + "…"
    }
}
