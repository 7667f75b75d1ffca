import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive, process-wide lock on a repository, held with `flock(2)` on
/// `<git dir>/release-mirror.lock`. The kernel releases it when the process dies (even by
/// `kill -9`), so a crash never leaves a stale lock. The file records the holder's pid for messages.
public final class RepositoryLock {
    private let descriptor: Int32
    private let interruptCleanup: Int
    /// The lock file's path.
    public let path: String
    /// Ref lock files a crashed earlier run left behind, removed when the lock was taken
    /// (relative to the git directory; see `StaleLocks`).
    public let recoveredLocks: [String]

    /// Takes the lock, waiting up to `timeout` seconds (0 = fail at once).
    /// - Throws: `LockError.held` when another process holds it.
    public init(gitDirectory: String, timeout: Double = 0) throws(LockError) {
        let path = (gitDirectory as NSString).appendingPathComponent("release-mirror.lock")
        self.path = path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw .failed(operation: "open lock file '\(path)'", message: String(cString: strerror(errno)))
        }
        let deadline = Date().addingTimeInterval(max(0, timeout))
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let err = errno
            guard err == EWOULDBLOCK || err == EINTR else {
                close(fd)
                throw .failed(operation: "lock '\(path)'", message: String(cString: strerror(err)))
            }
            if Date() >= deadline {
                // The holder writes its pid right after taking the lock: give it a moment.
                var holder = RepositoryLock.readPID(fd)
                for _ in 0..<20 where holder == nil {
                    usleep(5_000)
                    holder = RepositoryLock.readPID(fd)
                }
                close(fd)
                throw .held(path: path, holderPID: holder)
            }
            usleep(50_000)
        }
        descriptor = fd
        // A pid still in the file means its run died holding the lock (a clean release empties
        // it): the ref `.lock` files it left would block this run's writes (GIT_ELOCKED).
        recoveredLocks = StaleLocks.removeStale(in: gitDirectory, previousRunCrashed: RepositoryLock.readPID(fd) != nil)
        let text = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
        // Interrupted at a safe point (no ref write in flight), the run releases the lock cleanly;
        // otherwise its pid stays in the file and the next run removes the ref locks it left.
        interruptCleanup = Interruption.shared.add(.safePoint) {
            _ = ftruncate(fd, 0)
            flock(fd, LOCK_UN)
        }
    }

    /// Releases the lock (also released by `deinit` and by the kernel on exit).
    deinit {
        Interruption.shared.remove(interruptCleanup)
        _ = ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    private static func readPID(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 31, 0) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer.prefix(count), as: UTF8.self)
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
