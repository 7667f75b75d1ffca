import Foundation

/// A conversation with the Kimi agent, run by a Kimi CLI process in wire mode.
///
/// Created by ``KimiRuntime/makeSession(_:)`` or ``KimiRuntime/resume(sessionID:options:)``.
/// One turn runs at a time. The CLI process is started with the session and restarted under the
/// same session id when the thinking mode changes between turns, or after a failure that had to
/// stop it (timeout, malformed output): the conversation's history lives in the CLI's session
/// store and survives restarts.
public actor KimiSession: AgentSession, LifecycleSession {
    /// The session id (a UUID unless resumed from another id).
    public nonisolated let id: String
    /// The model (or, with a ``KimiConfiguration/cliConfig``, the model alias) the session runs.
    public nonisolated let model: String

    let plan: KimiLaunchPlan
    let options: SessionOptions
    let runtime: KimiRuntime
    let timeouts: KimiConfiguration.Timeouts
    let scratchDirectory: URL?
    let pricing: ModelPricing?

    struct RunningPeer {
        let client: WireClient
        let thinking: Bool?
    }

    var effort: ReasoningEffort?
    var peer: RunningPeer?
    var peerStarts = 0
    var startedOnce = false
    var lifecycle = SessionLifecycle()
    var turns = 0
    var usage = TokenUsage.zero
    var costUSD: Double?
    var resumedHistory: [TranscriptEntry] = []

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
        guard lifecycle.turnRunning, let client = peer?.client else {
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
        await cancelTurn()
    }

    /// Stops the CLI, removes the session's temporary files and reports `sessionEnd`. Cancels a
    /// turn in flight first. Idempotent.
    public func close() async {
        await closeOnce(endEvent: startedOnce ? .sessionEnd(sessionID: id) : nil) {
            if let client = peer?.client {
                peer = nil
                await client.shutdown(grace: timeouts.shutdownGrace)
            }
            if let scratchDirectory { try? FileManager.default.removeItem(at: scratchDirectory) }
        }
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
        guard !lifecycle.operationInFlight else {
            throw RuntimeError.invalidRequest("history is not available while a turn is running")
        }
        lifecycle.operationInFlight = true
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
        lifecycle.operationInFlight = true
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

    /// Wakes the turn loop so that it notices a cancel request.
    func wakeTurnLoop() {
        if let client = peer?.client {
            Task { await client.post(.tick) }
        }
    }
}
