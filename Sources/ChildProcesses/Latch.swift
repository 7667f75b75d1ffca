import Synchronization

/// A value that is set once and awaited by any number of tasks, with or without a time limit.
/// Waiting costs nothing while it waits (no polling).
public final class Latch<Value: Sendable>: Sendable {
    private struct State {
        var value: Value?
        var waiters: [Int: CheckedContinuation<Value?, Never>] = [:]
        var nextID = 0
    }
    private let state = Mutex(State())

    /// Creates an unset latch.
    public init() {}

    /// The value, once set.
    public var value: Value? { state.withLock { $0.value } }

    /// Sets the value and wakes every waiter; later calls are ignored.
    /// - Returns: whether this call set it.
    @discardableResult
    public func set(_ value: Value) -> Bool {
        let waiters = state.withLock { state -> [CheckedContinuation<Value?, Never>]? in
            guard state.value == nil else { return nil }
            state.value = value
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        guard let waiters else { return false }
        for waiter in waiters { waiter.resume(returning: value) }
        return true
    }

    /// Waits until the value is set (not cancellable).
    public func wait() async -> Value {
        while true {
            if let value = await waitCancellable() { return value }
        }
    }

    /// Waits up to `timeout`; `nil` when it passed (or the task was cancelled) first.
    public func wait(timeout: Duration) async -> Value? {
        if let value { return value }
        return await withTaskGroup(of: Value?.self) { group in
            group.addTask { await self.waitCancellable() }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? self.value
        }
    }

    /// Waits until the value is set or the task is cancelled (`nil`).
    private func waitCancellable() async -> Value? {
        let id = state.withLock { state -> Int in
            state.nextID += 1
            return state.nextID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state -> Value?? in
                    if let value = state.value { return .some(value) }
                    if Task.isCancelled { return .some(nil) }
                    state.waiters[id] = continuation
                    return .none
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume(returning: nil)
        }
    }
}
