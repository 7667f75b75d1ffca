/// The mutable state of one wire turn of a ``KimiSession``.
struct KimiTurnState {
    var accumulator = TurnAccumulator()
    /// Approval requests waiting for the caller: approval request id → JSON-RPC id.
    var pendingApprovals: [String: String] = [:]
    var approvalTasks: [Task<Void, Never>] = []
    var cancelSentAt: ContinuousClock.Instant?
    var quietSince: ContinuousClock.Instant
    let started: ContinuousClock.Instant
    let promptID: String
    let hadImages: Bool
}
