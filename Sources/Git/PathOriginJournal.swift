import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Held while pushing to a repository on this machine (a path or `file://` origin). libgit2
/// pushes there in-process: it writes the origin's refs itself, each under `<ref>.lock`, so a run
/// that dies in the middle (SIGKILL, a power cut, a signal whose grace ran out) leaves the lock
/// files of the refs it was writing in the origin, and every later push of those refs fails with
/// "failed to lock file".
///
/// Before the push, the journal `<origin git dir>/release-mirror.push` is locked (`flock(2)`,
/// released by the kernel when the process dies) and names the pusher's pid and the refs it is
/// about to write; a push that returns empties it. A later push that takes the lock and finds the
/// journal still filled knows its writer is dead (no live process holds the lock) and removes the
/// `.lock` files of exactly the refs it names — never the lock of a ref someone else is writing.
final class PathOriginJournal {
    private let descriptor: Int32
    /// The journal's path.
    let path: String
    /// Ref lock files removed (paths relative to the origin's git directory).
    let recovered: [String]

    /// The journal's file name in the origin's git directory.
    static let fileName = "release-mirror.push"

    /// The git directory of `url` when it names a repository on this machine, else `nil`.
    static func gitDirectory(of url: String) -> String? {
        var path = url
        if url.hasPrefix("file://") {
            path = String(url.dropFirst("file://".count)).removingPercentEncoding ?? String(url.dropFirst(7))
        } else if url.contains("://") || Credentials.host(of: url) != nil {
            return nil
        }
        var isDirectory: ObjCBool = false
        let dotGit = (path as NSString).appendingPathComponent(".git")
        if FileManager.default.fileExists(atPath: dotGit, isDirectory: &isDirectory), isDirectory.boolValue { return dotGit }
        let head = (path as NSString).appendingPathComponent("HEAD")
        return FileManager.default.fileExists(atPath: head) ? path : nil
    }

    /// Locks the journal of the repository at `gitDirectory` (waiting up to `timeout` seconds for
    /// another release-mirror push to it), recovers what a dead pusher left, and records `refs`.
    init(gitDirectory: String, refs: [String], timeout: Double = 60) throws(GitError) {
        let path = (gitDirectory as NSString).appendingPathComponent(PathOriginJournal.fileName)
        self.path = path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw GitError(
                code: .invalid, message: String(cString: strerror(errno)), operation: "open '\(path)'")
        }
        let deadline = Date().addingTimeInterval(timeout)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard (errno == EWOULDBLOCK || errno == EINTR) && Date() < deadline else {
                let previous = PathOriginJournal.read(fd)
                close(fd)
                throw GitError(
                    code: .locked,
                    message: "another release-mirror run is pushing to this repository"
                        + (previous.first.map { " (pid \($0))" } ?? ""),
                    operation: "lock '\(path)'")
            }
            usleep(50_000)
        }
        descriptor = fd
        var recovered: [String] = []
        for ref in PathOriginJournal.read(fd).dropFirst() where ref.hasPrefix("refs/") && !ref.contains("..") {
            let lock = ref + ".lock"
            if unlink((gitDirectory as NSString).appendingPathComponent(lock)) == 0 { recovered.append(lock) }
        }
        self.recovered = recovered
        let text = (["\(getpid())"] + refs).joined(separator: "\n") + "\n"
        _ = ftruncate(fd, 0)
        _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
        _ = fsync(fd)
    }

    /// The push returned: nothing of it is in flight any more.
    deinit {
        _ = ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    private static func read(_ fd: Int32) -> [String] {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        var offset: off_t = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, offset) }
            guard count > 0 else { break }
            data.append(contentsOf: buffer.prefix(count))
            offset += off_t(count)
        }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
