import Foundation
import KimiRuntime

/// Collects what a session reports (hooks, permission requests) for the checks to inspect, and
/// lets a check wait until something has been reported.
actor ConformanceRecorder {
    struct Snapshot: Sendable {
        var hooks: [HookEvent]
        var permissionRequests: [PermissionRequest]
    }

    private struct Waiter {
        let condition: @Sendable (Snapshot) -> Bool
        let continuation: CheckedContinuation<Void, Never>
    }

    private(set) var hooks: [HookEvent] = []
    private(set) var permissionRequests: [PermissionRequest] = []
    private(set) var notes: [String] = []
    private var session: (any AgentSession)?
    private var waiters: [UUID: Waiter] = [:]

    func record(_ hook: HookEvent) {
        hooks.append(hook)
        wake()
    }

    func record(_ request: PermissionRequest) {
        permissionRequests.append(request)
        wake()
    }

    func note(_ text: String) {
        notes.append(text)
    }

    func attach(_ session: any AgentSession) {
        self.session = session
    }

    var attachedSession: (any AgentSession)? { session }

    var hookKinds: [HookEvent.Kind] { hooks.map(\.kind) }

    /// Waits until `condition` holds or `timeout` passes; returns whether it holds.
    func wait(timeout: Duration, until condition: @escaping @Sendable (Snapshot) -> Bool) async -> Bool {
        if condition(snapshot) { return true }
        let id = UUID()
        let timer = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            await self?.expire(id)
        }
        defer { timer.cancel() }
        await withCheckedContinuation { continuation in
            waiters[id] = Waiter(condition: condition, continuation: continuation)
        }
        return condition(snapshot)
    }

    private var snapshot: Snapshot {
        Snapshot(hooks: hooks, permissionRequests: permissionRequests)
    }

    private func wake() {
        let current = snapshot
        for (id, waiter) in waiters where waiter.condition(current) {
            waiters[id] = nil
            waiter.continuation.resume()
        }
    }

    private func expire(_ id: UUID) {
        waiters.removeValue(forKey: id)?.continuation.resume()
    }
}
