import Foundation
import TestSupport

/// A TCP proxy on loopback (Tests/Stress/fault-proxy.py) between the tool and a server, injecting
/// one kind of fault into the server-to-client stream of matching connections.
final class FaultProxy {
    /// What happens to a matching connection once `after` bytes have passed.
    enum Mode: String {
        /// Everything flows.
        case pass
        /// Both sides are closed: a connection dropped mid-transfer.
        case cut
        /// Nothing more is forwarded, both sides stay open: a hung server.
        case stall
        /// One byte per interval: a crawling link.
        case trickle
    }

    /// The proxy's port on 127.0.0.1.
    let port: Int
    private let process: Process
    private let log: String

    /// Starts a proxy to `127.0.0.1:target`; connections whose first bytes contain `match` (every
    /// connection when empty) get `mode` after `after` bytes.
    init(target: Int, mode: Mode, after: Int = 0, match: String = "", trickleInterval: Double = 0.05, log: String) throws {
        self.log = log
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", stressScripts + "/fault-proxy.py", "--target", "\(target)", "--mode", mode.rawValue, "--after",
            "\(after)", "--match", match, "--trickle-interval", "\(trickleInterval)", "--log", log,
        ]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(0x0A) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        guard let text = String(data: line, encoding: .utf8), let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            kill(process.processIdentifier, SIGKILL)
            throw FixtureError("fault proxy did not start")
        }
        self.port = port
        self.process = process
    }

    /// The faults injected so far (one line each).
    var faults: [String] {
        ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    deinit {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
