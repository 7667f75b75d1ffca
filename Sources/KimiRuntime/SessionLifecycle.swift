/// The lifecycle both session actors (``KimiSession`` over wire, ``AcpSession`` over ACP) share:
/// open → closing → closed, one operation at a time, and a turn that can be asked to cancel.
struct SessionLifecycle {
    enum State {
        case open, closing, closed
    }

    var state = State.open
    var operationInFlight = false
    var turnRunning = false
    var cancelRequested = false
    var operationWaiters: [CheckedContinuation<Void, Never>] = []
    var closeWaiters: [CheckedContinuation<Void, Never>] = []

    /// The error for a peer process that ended during a turn (`stderr`: the tail it wrote).
    static func exitedMidTurn(_ exit: ProcessExit, stderr: String) -> RuntimeError {
        RuntimeError.peerExited(
            exitCode: exit.exitCode, signal: exit.signal,
            detail: (["it ended in the middle of a turn"] + (stderr.isEmpty ? [] : [stderr])).joined(separator: "; ")
        )
    }

    /// Checks the caps of `options` before a turn: `maxTurns`, then `maxBudgetUSD` against the
    /// priced cost so far.
    static func checkBudget(_ options: SessionOptions, turns: Int, costUSD: Double?) throws {
        if let maxTurns = options.maxTurns, turns >= maxTurns {
            throw RuntimeError.budgetExceeded(kind: .turns, cap: Double(maxTurns), current: Double(turns))
        }
        if let cap = options.maxBudgetUSD {
            let spent = costUSD ?? 0
            if spent >= cap { throw RuntimeError.budgetExceeded(kind: .usd, cap: cap, current: spent) }
        }
    }
}

/// A session actor with a ``SessionLifecycle``: the turn guard, cancel, close and the observer
/// calls are implemented once here.
protocol LifecycleSession: Actor {
    var lifecycle: SessionLifecycle { get set }
    var options: SessionOptions { get }
    var timeouts: KimiConfiguration.Timeouts { get }
    /// Stops `client` after a failure (the next turn starts a new process).
    func dispose(_ client: WireClient) async
    /// Wakes the turn loop (a tick) so that it notices a cancel request.
    func wakeTurnLoop()
}

extension LifecycleSession {
    /// Runs one turn as the session's single operation: refused on a closed or busy session;
    /// `prepare` checks the caps and builds the input before anything starts; task cancellation
    /// becomes a cancel request.
    func guardedTurn<Input>(
        prepare: () throws -> Input,
        run: (Input) async throws -> RuntimeResult
    ) async throws -> RuntimeResult {
        try ensureOpen()
        guard !lifecycle.operationInFlight else { throw RuntimeError.invalidRequest("a turn is already running in this session") }
        if Task.isCancelled { throw RuntimeError.cancelled }
        let input = try prepare()
        lifecycle.operationInFlight = true
        lifecycle.turnRunning = true
        lifecycle.cancelRequested = false
        defer {
            lifecycle.turnRunning = false
            endOperation()
        }
        return try await withTaskCancellationHandler {
            try await run(input)
        } onCancel: {
            Task { await self.requestCancel() }
        }
    }

    /// Cancels the turn in flight and returns once it has ended.
    func cancelTurn() async {
        guard lifecycle.turnRunning else { return }
        requestCancel()
        await waitForOperation()
    }

    /// Closes the session once: cancels a turn in flight, waits for it, runs `teardown`, then
    /// reports `endEvent`. Concurrent callers return when the first has finished.
    func closeOnce(endEvent: HookEvent?, teardown: () async -> Void) async {
        switch lifecycle.state {
        case .closed:
            return
        case .closing:
            await withCheckedContinuation { lifecycle.closeWaiters.append($0) }
            return
        case .open:
            lifecycle.state = .closing
        }
        if lifecycle.turnRunning { requestCancel() }
        await waitForOperation()
        await teardown()
        lifecycle.state = .closed
        if let endEvent { await notify(endEvent) }
        let waiters = lifecycle.closeWaiters
        lifecycle.closeWaiters.removeAll()
        for waiter in waiters { waiter.resume() }
    }

    /// The time limits of a turn, checked after every item (ticks come every 100 ms): the grace
    /// after a cancel request, the whole turn, and the peer's silence (time the caller takes to
    /// decide a permission does not count).
    func enforceTimeLimits(
        client: WireClient, started: ContinuousClock.Instant, cancelSentAt: ContinuousClock.Instant?,
        waitingForCaller: Bool, quietSince: inout ContinuousClock.Instant, peer: String
    ) async throws {
        let now = ContinuousClock.now
        if let sent = cancelSentAt, now - sent > timeouts.cancelGrace {
            await dispose(client)
            throw RuntimeError.cancelled
        }
        if let limit = timeouts.turn, now - started > limit {
            await dispose(client)
            throw RuntimeError.timeout("the turn took longer than \(limit); \(peer) was stopped")
        }
        if waitingForCaller {
            quietSince = now
        } else if let limit = timeouts.idle {
            let heard = max(await client.lastActivity, quietSince)
            if now - heard > limit {
                await dispose(client)
                throw RuntimeError.timeout("\(peer) sent nothing for \(limit) during a turn; it was stopped")
            }
        }
    }

    func requestCancel() {
        guard lifecycle.turnRunning else { return }
        lifecycle.cancelRequested = true
        wakeTurnLoop()
    }

    func ensureOpen() throws {
        guard case .open = lifecycle.state else { throw RuntimeError.invalidRequest("the session is closed") }
    }

    func endOperation() {
        lifecycle.operationInFlight = false
        let waiters = lifecycle.operationWaiters
        lifecycle.operationWaiters.removeAll()
        for waiter in waiters { waiter.resume() }
    }

    func waitForOperation() async {
        guard lifecycle.operationInFlight else { return }
        await withCheckedContinuation { lifecycle.operationWaiters.append($0) }
    }

    func notify(_ event: HookEvent) async {
        guard let observer = options.onEvent else { return }
        do {
            try await observer(event)
        } catch {
            // By contract an observer cannot break the session: its errors are dropped.
        }
    }

    func deliver(_ outputs: [TurnAccumulator.Output], _ emit: (@Sendable (RuntimeEvent) -> Void)?) async {
        for output in outputs {
            switch output {
            case .event(let event): emit?(event)
            case .hook(let hook): await notify(hook)
            }
        }
    }
}
