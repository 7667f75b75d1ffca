@testable import ChildProcesses
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The time limit on its own, on children spawned here and reaped (or not) by the test itself: a
/// child still running at the limit is a timeout and its group is killed; a child that ended before
/// the limit, whose waiter has not reaped it yet (a zombie), is not a timeout.
@Suite struct GroupDeadlineTests {
    /// Spawns `argv` as the leader of a new process group; the caller reaps it.
    func spawnLeader(_ argv: [String]) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        var pid: pid_t = 0
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { for argument in cArguments { free(argument) } }
        let status = posix_spawn(&pid, argv[0], nil, &attributes, cArguments, environ)
        guard status == 0 else { throw POSIXError(POSIXErrorCode(rawValue: status) ?? .EINVAL) }
        return pid
    }

    /// Reaps `pid` and returns its raw wait status.
    func reap(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return status
    }

    @Test func aChildThatEndedBeforeTheLimitIsNotATimeoutEvenUnreaped() async throws {
        let pid = try spawnLeader(["/bin/true"])
        // Wait until it is a zombie, without reaping it (its waiter would reap it later).
        for _ in 0..<200 where !GroupDeadline.hasExited(pid) { try await Task.sleep(for: .milliseconds(10)) }
        #expect(GroupDeadline.hasExited(pid))
        let deadline = GroupDeadline(timeout: .milliseconds(50), grace: .zero)
        deadline.arm(pid)
        try await Task.sleep(for: .milliseconds(500))
        #expect(!deadline.timedOut)
        let status = reap(pid)
        #expect(status & 0x7f == 0 && (status >> 8) & 0xff == 0, "exited 0, status \(status)")
        #expect(GroupDeadline.hasExited(pid), "a reaped child has ended too")
    }

    @Test func aChildRunningAtTheLimitIsATimeoutAndItsGroupIsKilled() async throws {
        let pid = try spawnLeader(["/bin/sleep", "30"])
        #expect(!GroupDeadline.hasExited(pid))
        let deadline = GroupDeadline(timeout: .milliseconds(100), grace: .zero)
        deadline.arm(pid)
        let status = reap(pid)  // returns once the deadline's SIGKILL ends it
        #expect(deadline.timedOut)
        #expect(status & 0x7f == SIGKILL, "killed by SIGKILL, status \(status)")
    }
}
