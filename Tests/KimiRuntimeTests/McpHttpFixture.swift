import Foundation
import KimiConformance
import KimiRuntime

/// A streamable-HTTP MCP server with the `echo` tool on a loopback ephemeral port: the `/mcp`
/// endpoint of the conformance kit's ``FakeModelServer`` (in process: no child process, nothing
/// blocking a test's thread), for as long as this object is not stopped.
final class McpHttpFixture: Sendable {
    let server: McpServerRef
    private let host: FakeModelServer

    init() throws {
        host = try FakeModelServer()
        guard let url = host.mcpURL else { throw TestEnvironment.SetupError(description: "the MCP fixture has no URL") }
        server = try McpServerRef.http(name: "httpfixture", url: url)
    }

    /// Stops the server.
    func stop() {
        host.stop()
    }
}
