import Foundation

/// A scratch directory for marker files written by test scripts; removed on deinit.
final class TemporaryFiles {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "child-processes-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// The pid a script wrote to `name`, waiting up to 10 s for it.
    func pid(_ name: String) async throws -> pid_t {
        let file = path + "/" + name
        for _ in 0..<1000 {
            if let text = try? String(contentsOfFile: file, encoding: .utf8),
                let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                return pid
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw MarkerMissing(file: file)
    }

    struct MarkerMissing: Error { let file: String }
}

enum ProcessProbe {
    /// Whether `pid` is gone (or a zombie about to be reaped by init), waiting up to 5 s.
    static func isGone(_ pid: pid_t) async -> Bool {
        for _ in 0..<500 {
            if kill(pid, 0) != 0 && errno == ESRCH { return true }
            let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
            if stat.contains(") Z ") { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return false
    }
}
