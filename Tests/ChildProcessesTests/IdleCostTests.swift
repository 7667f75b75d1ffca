import ChildProcesses
import Foundation
import Testing

/// A long-lived child that does nothing costs this process (almost) nothing: no polling thread,
/// no timer ticking while it sleeps.
@Suite(.serialized) struct IdleCostTests {
    @Test func aSleepingChildCostsNoCPU() async throws {
        let children = try await withThrowingTaskGroup(of: Child.self) { group in
            for _ in 0..<8 { group.addTask { try await Child.start(Command("/bin/sleep", arguments: ["30"])) } }
            var started: [Child] = []
            for try await child in group { started.append(child) }
            return started
        }
        let before = Self.cpuTime()
        let wall = ContinuousClock.now
        try await Task.sleep(for: .seconds(2))
        let used = Self.cpuTime() - before
        let elapsed = ContinuousClock.now - wall
        for child in children { await child.stop(grace: .zero) }
        // Printed, not asserted: suites running in parallel in this process add their own CPU.
        // Run alone (`--filter IdleCostTests`) it shows what the children cost while they sleep.
        print("idle cost: \(used) s CPU over \(elapsed) with \(children.count) sleeping children")
        #expect(children.allSatisfy { $0.termination == .signaled(SIGTERM) || $0.termination == .signaled(SIGKILL) })
    }

    /// User + system CPU seconds of this process so far.
    static func cpuTime() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
