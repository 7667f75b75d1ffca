import Foundation
import KimiRuntime

/// The streamable-HTTP echo MCP server (`Tests/Fixtures/kimi/mcp_http_echo_server.py`) on a
/// loopback ephemeral port, for as long as this object is not stopped.
final class McpHttpFixture: Sendable {
    let server: McpServerRef
    private let process: Process
    private let input: Pipe

    init() throws {
        let script = try TestEnvironment.fixtures().appendingPathComponent("mcp_http_echo_server.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [TestEnvironment.python(), script]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), let first = byte.first, first != 0x0A {
            line.append(first)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("PORT "), let port = Int(text.dropFirst(5)), let url = URL(string: "http://127.0.0.1:\(port)/mcp") else {
            process.terminate()
            throw TestEnvironment.SetupError(description: "the HTTP MCP fixture did not report its port (got '\(text)')")
        }
        self.server = try McpServerRef.http(name: "httpfixture", url: url)
        self.process = process
        self.input = input
    }

    /// Stops the server (closes its stdin, then terminates it).
    func stop() {
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}
