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
            if Loopback.waitUntilListening(port, attempts: 100, isAlive: { process.isRunning }) {
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
}
