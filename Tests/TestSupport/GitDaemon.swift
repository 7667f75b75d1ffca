import Foundation

/// A real `git daemon` on loopback serving every repository under `base` over the smart git://
/// protocol, with receive-pack enabled (so server-side hooks run, unlike libgit2's local transport).
public final class GitDaemon {
    public let base: String
    public let port: Int
    private let process: Process

    /// Starts the daemon and waits until it accepts connections.
    public init(base: String) throws {
        self.base = base
        // Run git-daemon itself (not the `git` wrapper, which would outlive a SIGTERM to it).
        let execPath = try Shell.run(["git", "--exec-path"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        var lastError = ""
        for _ in 0..<20 {
            let port = Int.random(in: 20000..<60000)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: execPath + "/git-daemon")
            process.arguments = [
                "--reuseaddr", "--listen=127.0.0.1", "--port=\(port)", "--base-path=\(base)",
                "--export-all", "--enable=receive-pack", "--informative-errors", base,
            ]
            let err = Pipe()
            process.standardError = err
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            if GitDaemon.waitForPort(port, process: process) {
                self.port = port
                self.process = process
                return
            }
            process.terminate()
            process.waitUntilExit()
            lastError = String(decoding: err.fileHandleForReading.availableData, as: UTF8.self)
        }
        throw FixtureError("git daemon did not start: \(lastError)")
    }

    /// `git://127.0.0.1:PORT/name`.
    public func url(_ name: String) -> String { "git://127.0.0.1:\(port)/\(name)" }

    deinit {
        // SIGKILL: a child spawned from the test runner may inherit an ignored SIGTERM.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    static func waitForPort(_ port: Int, process: Process) -> Bool {
        for _ in 0..<100 {
            if !process.isRunning { return false }
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_port = in_port_t(UInt16(port).bigEndian)
            addr.sin_addr.s_addr = inet_addr("127.0.0.1")
            let ok = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                }
            }
            close(fd)
            if ok { return true }
            usleep(50_000)
        }
        return false
    }
}
