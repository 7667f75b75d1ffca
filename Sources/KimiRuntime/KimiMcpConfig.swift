/// Translates ``McpServerRef``s into the Kimi CLI's MCP configuration file
/// (`{"mcpServers":{name:{…}}}`, passed with `--mcp-config-file`).
///
/// stdio servers become `{command, args, env}`; http and sse servers become
/// `{url, transport, headers}` with a bearer token as an `Authorization` header unless the caller
/// set that header (the caller's headers win). Duplicate names are rejected.
enum KimiMcpConfig {
    /// The configuration document.
    /// - Throws: ``RuntimeError/invalidRequest(_:)`` for duplicate server names.
    static func document(for servers: [McpServerRef]) throws -> JSONValue {
        var entries: [String: JSONValue] = [:]
        for server in servers {
            guard entries[server.name] == nil else {
                throw RuntimeError.invalidRequest("duplicate MCP server name '\(server.name)'")
            }
            entries[server.name] = entry(for: server)
        }
        return ["mcpServers": .object(entries)]
    }

    /// The configuration as JSON text.
    static func json(for servers: [McpServerRef]) throws -> String {
        try document(for: servers).serialized()
    }

    static func entry(for server: McpServerRef) -> JSONValue {
        switch server.transport {
        case .stdio:
            var entry: [String: JSONValue] = [
                "command": .string(server.command ?? ""),
                "args": .array(server.arguments.map { .string($0) }),
            ]
            if !server.environment.isEmpty {
                entry["env"] = .object(server.environment.mapValues { .string($0) })
            }
            return .object(entry)
        case .http, .sse:
            var entry: [String: JSONValue] = [
                "url": .string(server.url?.absoluteString ?? ""),
                "transport": .string(server.transport.rawValue),
            ]
            let headers = server.effectiveHeaders
            if !headers.isEmpty {
                entry["headers"] = .object(headers.mapValues { .string($0) })
            }
            return .object(entry)
        }
    }
}
