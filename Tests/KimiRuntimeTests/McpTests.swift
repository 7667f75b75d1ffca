import Foundation
import Testing

@testable import KimiRuntime

@Suite("MCP servers")
struct McpTests {
    let url = URL(string: "https://mcp.example.invalid/v1")

    @Test("stdio needs a command and no URL; http/sse need a URL and no command")
    func validation() throws {
        let url = try #require(url)
        #expect(throws: RuntimeError.self) { try McpServerRef(name: "a", transport: .stdio) }
        #expect(throws: RuntimeError.self) { try McpServerRef(name: "a", transport: .stdio, command: "  ") }
        #expect(throws: RuntimeError.self) { try McpServerRef(name: "a", transport: .stdio, command: "x", url: url) }
        #expect(throws: RuntimeError.self) { try McpServerRef(name: "a", transport: .stdio, command: "x", bearerToken: "t") }
        for transport in [McpServerRef.Transport.http, .sse] {
            #expect(throws: RuntimeError.self) { try McpServerRef(name: "a", transport: transport) }
            #expect(throws: RuntimeError.self) { try McpServerRef(name: "a", transport: transport, command: "x", url: url) }
            #expect(throws: RuntimeError.self) {
                try McpServerRef(name: "a", transport: transport, url: URL(string: "ftp://x/y")!)
            }
            #expect(throws: RuntimeError.self) { try McpServerRef(name: "a", transport: transport, arguments: ["x"], url: url) }
            _ = try McpServerRef(name: "a", transport: transport, url: url)
        }
        #expect(throws: RuntimeError.self) { try McpServerRef(name: " ", transport: .stdio, command: "x") }
        _ = try McpServerRef.stdio(name: "a", command: "x", arguments: ["y"], environment: ["K": "V"])
    }

    @Test("translation to the CLI's MCP config file")
    func translation() throws {
        let url = try #require(url)
        let servers = [
            try McpServerRef.stdio(name: "local", command: "python3", arguments: ["server.py", "--flag"], environment: ["TOKEN": "x"]),
            try McpServerRef.http(name: "remote", url: url, headers: ["X-Team": "a"], bearerToken: "secret"),
            try McpServerRef.sse(name: "events", url: url),
        ]
        let document = try KimiMcpConfig.document(for: servers)
        let expected: JSONValue = [
            "mcpServers": [
                "local": ["command": "python3", "args": ["server.py", "--flag"], "env": ["TOKEN": "x"]],
                "remote": [
                    "url": "https://mcp.example.invalid/v1", "transport": "http",
                    "headers": ["X-Team": "a", "Authorization": "Bearer secret"],
                ],
                "events": ["url": "https://mcp.example.invalid/v1", "transport": "sse"],
            ],
        ]
        #expect(document == expected)
        let json = try KimiMcpConfig.json(for: servers)
        #expect(!json.contains("\n"))
        #expect(try JSONValue.parse(json) == expected)
    }

    @Test("a bearer token becomes an Authorization header unless the caller set one (any case)")
    func callerHeadersWin() throws {
        let url = try #require(url)
        let plain = try McpServerRef.http(name: "a", url: url, bearerToken: "tok")
        #expect(plain.effectiveHeaders == ["Authorization": "Bearer tok"])
        let caller = try McpServerRef.http(name: "a", url: url, headers: ["authorization": "Basic abc"], bearerToken: "tok")
        #expect(caller.effectiveHeaders == ["authorization": "Basic abc"])
        let entry = KimiMcpConfig.entry(for: caller)
        #expect(entry["headers"] == ["authorization": "Basic abc"])
    }

    @Test("duplicate server names are rejected")
    func duplicates() throws {
        let url = try #require(url)
        let servers = [try McpServerRef.stdio(name: "same", command: "a"), try McpServerRef.sse(name: "same", url: url)]
        #expect(throws: RuntimeError.self) { try KimiMcpConfig.document(for: servers) }
    }
}
