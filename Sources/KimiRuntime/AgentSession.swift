/// A conversation with an agent (provider-neutral). One turn runs at a time.
public protocol AgentSession: Sendable {
    /// The session id; pass it to ``AgentRuntime/resumeSession(id:options:)`` to continue.
    var id: String { get }

    /// Runs one turn and returns its result.
    /// - Throws: ``RuntimeError``; ``RuntimeError/cancelled`` when cancelled.
    func execute(_ prompt: Prompt) async throws -> RuntimeResult

    /// Runs one turn, streaming its events. The stream ends with exactly one
    /// ``RuntimeEvent/turnComplete(_:)`` unless the turn fails or is cancelled, in which case
    /// it throws a ``RuntimeError``. Terminating the stream early cancels the turn.
    func stream(_ prompt: Prompt) -> AsyncThrowingStream<RuntimeEvent, any Error>

    /// Injects a follow-up message into the turn in flight.
    /// - Throws: ``RuntimeError/invalidRequest(_:)`` when no turn is running.
    func steer(_ prompt: Prompt) async throws

    /// Cancels the turn in flight (if any) and returns when it has ended; the turn ends with
    /// ``RuntimeError/cancelled``.
    func cancel() async

    /// Ends the session and its processes. Idempotent.
    func close() async

    /// Changes the reasoning effort for the following turns.
    func setReasoningEffort(_ effort: ReasoningEffort?) async throws

    /// The session's messages so far (including those of earlier processes when resumed).
    func history() async throws -> [TranscriptEntry]

    /// Tokens, cost and turns of the session so far.
    func totals() async -> SessionTotals
}
