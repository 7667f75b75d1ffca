/// The streaming shape every session's `stream(_:)` shares: runs one turn in a task, yields its
/// events, ends with exactly one `.turnComplete` (or throws the turn's error), and cancels the turn
/// when the consumer terminates the stream.
enum TurnStream {
    /// A stream over `turn`, which runs the turn and reports each event through the closure it is given.
    static func make(
        _ turn: @escaping @Sendable (_ emit: @escaping @Sendable (RuntimeEvent) -> Void) async throws -> RuntimeResult
    ) -> AsyncThrowingStream<RuntimeEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream<RuntimeEvent, any Error>.makeStream()
        let task = Task {
            do {
                let result = try await turn { continuation.yield($0) }
                continuation.yield(.turnComplete(result))
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { termination in
            if case .cancelled = termination { task.cancel() }
        }
        return stream
    }
}
