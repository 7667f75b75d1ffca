import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes the ledger the way an editor saving it would: through a symbolic link to the file it
/// names (the link stays a link), keeping the file's permission bits, atomically (a temporary
/// file in the same directory, flushed to disk, renamed over the file), so a crash leaves the old
/// ledger or the new one, never half of one.
enum LedgerFileWriter {
    /// The file `path` names, with symbolic links followed (also a dangling one: its target is
    /// where a new ledger is created). Relative link targets resolve against the link's directory.
    static func resolve(_ path: String) -> String {
        var current = URL(fileURLWithPath: path).standardizedFileURL.path
        for _ in 0..<40 {
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: current) else { return current }
            let directory = (current as NSString).deletingLastPathComponent
            current = URL(fileURLWithPath: target.hasPrefix("/") ? target : directory + "/" + target).standardizedFileURL.path
        }
        return current  // a link loop: the write fails and names the path
    }

    /// Replaces the contents of `path` (already resolved) with `bytes`.
    static func write(_ bytes: [UInt8], to path: String) throws(MirrorError) {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .io(path: path, message: "cannot create its directory: \(error.localizedDescription)")
        }
        var info = stat()
        let mode: mode_t? = stat(path, &info) == 0 ? info.st_mode & 0o7777 : nil
        var template = Array((directory + "/." + (path as NSString).lastPathComponent + ".release-mirror-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw failure(path, "cannot create a temporary file next to it") }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var ok = (try? FileHandle(fileDescriptor: fd, closeOnDealloc: false).write(contentsOf: Data(bytes))) != nil
        // mkstemp makes the file 0600; a new ledger gets what a plain create would (0666 - umask).
        let wanted = mode ?? (0o666 & ~LedgerFileWriter.umaskValue)
        ok = ok && fchmod(fd, wanted) == 0 && fsync(fd) == 0
        let reason = String(cString: strerror(errno))
        close(fd)
        guard ok, rename(temporary, path) == 0 else {
            let message = ok ? String(cString: strerror(errno)) : reason
            unlink(temporary)
            throw .io(path: path, message: "cannot write the ledger: \(message)")
        }
    }

    private static func failure(_ path: String, _ what: String) -> MirrorError {
        .io(path: path, message: "cannot write the ledger: \(what): \(String(cString: strerror(errno)))")
    }

    /// The process's umask (read by setting and restoring it).
    private static var umaskValue: mode_t {
        let value = umask(0o022)
        umask(value)
        return value
    }
}
