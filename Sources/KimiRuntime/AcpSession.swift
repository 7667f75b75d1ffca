import Foundation

/// A conversation with a Kimi CLI over the Agent Client Protocol (`kimi acp`).
///
/// Created by ``KimiRuntime/startSession(_:)`` or ``KimiRuntime/resumeSession(id:options:)``
/// when the runtime speaks ACP (``KimiConfiguration/agentProtocol``). One turn runs at a time.
/// The agent's process lives as long as the session; after a failure that had to stop it
/// (timeout, malformed output) the next turn starts a new one and reopens the session with
/// `session/load`. ACP has no steering: ``steer(_:)`` fails with
/// ``RuntimeError/unsupportedFeature(_:)`` (use the wire backend for it).
///
/// A turn's token usage (and so its cost, ``totals()`` and the ``SessionOptions/maxBudgetUSD``
/// cap, checked before each turn) is what the agent reports in its `session/prompt` answer; for
/// the legacy kimi-cli, whose ACP server reports none, it is read from the session log the CLI
/// writes (`wire.jsonl` under `$KIMI_SHARE_DIR/sessions/`).
public actor AcpSession: AgentSession, LifecycleSession {
    /// The session id (assigned by the agent).
    public nonisolated let id: String
    /// What the agent said about itself at start.
    public nonisolated let agent: AcpAgentInfo

    let plan: AcpLaunchPlan
    let options: SessionOptions
    let timeouts: KimiConfiguration.Timeouts
    var connection: AcpConnection?
    var effort: ReasoningEffort?
    var appliedThinking: Bool??
    var model: String
    var transcript: [TranscriptEntry]
    var lifecycle = SessionLifecycle()
    var turns = 0
    var usage = TokenUsage.zero
    var costUSD: Double?
    var processStarts = 1
    /// kimi-cli's record of the session's token usage (the legacy CLI reports none over ACP).
    var usageLog: AcpUsageLog?
    /// A turn ended without any token usage reported: a USD cap cannot be enforced from here on.
    var usageMissing = false

    /// The message KimiRuntime reports for a deferred tool call: ACP cannot tell the agent a
    /// decision was deferred, so the agent sees a rejection.
    static let deferredMessage =
        "The caller deferred this decision: the tool call was not run (over ACP the agent is told it was rejected)."

    init(connection: AcpConnection, plan: AcpLaunchPlan, options: SessionOptions, timeouts: KimiConfiguration.Timeouts) {
        self.id = connection.sessionID
        self.agent = connection.agent
        self.connection = connection
        self.plan = plan
        self.options = options
        self.timeouts = timeouts
        self.effort = options.reasoningEffort
        self.model = plan.model ?? AcpModelSelection.currentModel(in: connection.state) ?? ""
        self.transcript = connection.replayed
        self.costUSD = KimiModelCatalog.pricing(for: model) == nil ? nil : 0
        if connection.agent.kind == .legacyKimiCLI {
            self.usageLog = AcpUsageLog.locate(sessionID: connection.sessionID, environment: plan.environment)
        }
    }

    deinit {
        connection?.client.process.killNow()
    }

    /// Opens a session (new, or `resumeID`) and applies the model and thinking mode.
    static func open(plan: AcpLaunchPlan, options: SessionOptions, timeouts: KimiConfiguration.Timeouts, resumeID: String?) async throws -> AcpSession {
        let connection = try await AcpConnection.open(plan: plan, resumeID: resumeID, timeout: timeouts.startup)
        let session = AcpSession(connection: connection, plan: plan, options: options, timeouts: timeouts)
        do {
            try await session.applyModel()
            try await session.checkBudgetSource()
        } catch {
            await session.close()
            throw error
        }
        await session.notify(.sessionStart(sessionID: session.id))
        return session
    }

    // MARK: - Diagnostics

    /// The process id of the running agent, if one runs.
    public var peerProcessID: Int32? { connection?.client.process.pid }

    /// How many times an agent process was started for this session.
    public var peerStartCount: Int { processStarts }

    /// The current reasoning effort.
    public var reasoningEffort: ReasoningEffort? { effort }

    /// The agent's own time for the last turn: from writing `session/prompt` to reading its
    /// answer (`nil` before the first turn or after the agent was stopped).
    public var lastPeerTurnTime: Duration? {
        get async { await connection?.client.lastRequestRoundTrip }
    }

    /// The model the session runs (without a thinking variant suffix).
    public var currentModel: String { model }

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

    /// Declined: ACP has no steering (a second prompt during a turn is rejected by the agent).
    /// - Throws: ``RuntimeError/unsupportedFeature(_:)`` with ``Feature/steer``; steering needs
    ///   the wire backend (``KimiAgentProtocol/wire``).
    public func steer(_ prompt: Prompt) async throws {
        throw RuntimeError.unsupportedFeature(.steer)
    }

    /// Cancels the turn in flight (`session/cancel`) and returns once it has ended.
    public func cancel() async {
        await cancelTurn()
    }

    /// Stops the agent and reports `sessionEnd`. Cancels a turn in flight first. Idempotent.
    public func close() async {
        await closeOnce(endEvent: .sessionEnd(sessionID: id)) {
            if let client = connection?.client {
                connection = nil
                await client.shutdown(grace: timeouts.shutdownGrace)
            }
        }
    }

    /// Sets the reasoning effort; the next turn switches the agent's thinking mode first.
    public func setReasoningEffort(_ effort: ReasoningEffort?) async throws {
        try ensureOpen()
        self.effort = effort
    }

    /// The session's messages: those the agent replayed when the session was resumed, then the
    /// prompts and answers of this session's turns.
    public func history() async throws -> [TranscriptEntry] {
        try ensureOpen()
        return transcript
    }

    /// Tokens (as far as the agent reports them), cost and turns so far.
    public func totals() async -> SessionTotals {
        SessionTotals(turns: turns, usage: usage, costUSD: costUSD)
    }

    // MARK: - Agent process

    /// The running connection, restarting the agent (and reloading the session) when needed,
    /// with the wanted model and thinking mode applied.
    func ensureConnection() async throws -> AcpConnection {
        if let connection, await connection.client.isAlive, !needsRestartForThinking() {
            try await applyModel()
            if let current = self.connection { return current }
        }
        if let stale = connection {
            connection = nil
            await stale.client.shutdown(grace: .milliseconds(200))
        }
        connection = try await AcpConnection.open(plan: plan, resumeID: id, timeout: timeouts.startup)
        processStarts += 1
        appliedThinking = nil
        try await applyModel()
        guard let connection else { throw RuntimeError.invalidRequest("the session is closed") }
        return connection
    }

    /// Whether the thinking mode must change on the legacy kimi-cli, whose `session/set_model`
    /// ignores a switch back to the model variant the process started with: a new process
    /// (`session/load`) starts on the variant last chosen, so switching from there works.
    private func needsRestartForThinking() -> Bool {
        guard agent.kind == .legacyKimiCLI, let applied = appliedThinking else { return false }
        return applied != KimiLaunchPlan.thinkingFlag(for: effort)
    }

    /// Sends the model and thinking requests the wanted state needs.
    func applyModel() async throws {
        let thinking = KimiLaunchPlan.thinkingFlag(for: effort)
        guard var current = connection, appliedThinking != .some(thinking) else { return }
        let wantedModel = plan.model ?? model
        if let request = try AcpModelSelection.modelRequest(sessionID: id, state: current.state, model: wantedModel, thinking: thinking) {
            let answer = try await AcpConnection.call(current.client, request.method, request.params, timeouts.startup)
            current.state = AcpModelSelection.updated(current.state, after: request, answer: answer)
        }
        if let request = AcpModelSelection.thinkingRequest(sessionID: id, state: current.state, thinking: thinking) {
            let answer = try await AcpConnection.call(current.client, request.method, request.params, timeouts.startup)
            current.state = AcpModelSelection.updated(current.state, after: request, answer: answer)
        }
        connection = current
        appliedThinking = .some(thinking)
    }

    func dispose(_ client: WireClient) async {
        if connection?.client === client { connection = nil }
        await client.shutdown(grace: .milliseconds(200))
    }

    // MARK: - Bookkeeping

    func wakeTurnLoop() {
        if let client = connection?.client {
            Task { await client.post(.tick) }
        }
    }
}
