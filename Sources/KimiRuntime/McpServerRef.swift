import Foundation

/// An MCP server a session should connect its agent to.
///
/// Validated on creation: a stdio server needs a command and no URL; an http or sse server
/// needs a URL and no command. A bearer token becomes an `Authorization: Bearer …` header
/// unless ``headers`` already carries an `Authorization` header (the caller's headers win).
public struct McpServerRef: Sendable, Hashable {
    /// How the agent reaches the server.
    public enum Transport: String, Sendable, Hashable, CaseIterable {
        /// A local process speaking MCP on its stdin/stdout.
        case stdio
        /// Streamable HTTP.
        case http
        /// Server-sent events.
        case sse
    }

    /// The server's name; unique within a session.
    public let name: String
    /// The transport.
    public let transport: Transport
    /// The executable (stdio only).
    public let command: String?
    /// The executable's arguments (stdio only).
    public let arguments: [String]
    /// Extra environment for the process (stdio only).
    public let environment: [String: String]
    /// The endpoint (http and sse only).
    public let url: URL?
    /// HTTP headers (http and sse only).
    public let headers: [String: String]
    /// A bearer token sent as `Authorization: Bearer <token>` (http and sse only).
    public let bearerToken: String?

    /// Creates and validates a server reference.
    /// - Throws: ``RuntimeError/invalidRequest(_:)`` naming what is wrong.
    public init(
        name: String,
        transport: Transport,
        command: String? = nil,
        arguments: [String] = [],
        environment: [String: String] = [:],
        url: URL? = nil,
        headers: [String: String] = [:],
        bearerToken: String? = nil
    ) throws {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw RuntimeError.invalidRequest("an MCP server needs a non-empty name")
        }
        switch transport {
        case .stdio:
            guard let command, !command.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw RuntimeError.invalidRequest("MCP server '\(name)': a stdio server needs a command")
            }
            guard url == nil else {
                throw RuntimeError.invalidRequest("MCP server '\(name)': a stdio server takes no URL")
            }
            guard headers.isEmpty, bearerToken == nil else {
                throw RuntimeError.invalidRequest("MCP server '\(name)': a stdio server takes no headers or bearer token")
            }
        case .http, .sse:
            guard let url else {
                throw RuntimeError.invalidRequest("MCP server '\(name)': an \(transport.rawValue) server needs a URL")
            }
            guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
                throw RuntimeError.invalidRequest("MCP server '\(name)': the URL must be http or https, got '\(url.absoluteString)'")
            }
            guard command == nil else {
                throw RuntimeError.invalidRequest("MCP server '\(name)': an \(transport.rawValue) server takes no command")
            }
            guard arguments.isEmpty, environment.isEmpty else {
                throw RuntimeError.invalidRequest("MCP server '\(name)': an \(transport.rawValue) server takes no arguments or environment")
            }
        }
        self.name = name
        self.transport = transport
        self.command = command
        self.arguments = arguments
        self.environment = environment
        self.url = url
        self.headers = headers
        self.bearerToken = bearerToken
    }

    /// A stdio server.
    public static func stdio(
        name: String, command: String, arguments: [String] = [], environment: [String: String] = [:]
    ) throws -> McpServerRef {
        try McpServerRef(name: name, transport: .stdio, command: command, arguments: arguments, environment: environment)
    }

    /// A streamable-HTTP server.
    public static func http(
        name: String, url: URL, headers: [String: String] = [:], bearerToken: String? = nil
    ) throws -> McpServerRef {
        try McpServerRef(name: name, transport: .http, url: url, headers: headers, bearerToken: bearerToken)
    }

    /// A server-sent-events server.
    public static func sse(
        name: String, url: URL, headers: [String: String] = [:], bearerToken: String? = nil
    ) throws -> McpServerRef {
        try McpServerRef(name: name, transport: .sse, url: url, headers: headers, bearerToken: bearerToken)
    }

    /// The headers to send: ``headers`` plus `Authorization: Bearer <token>` when a bearer token
    /// is set and the caller did not give an `Authorization` header of their own.
    public var effectiveHeaders: [String: String] {
        var result = headers
        if let bearerToken, !headers.keys.contains(where: { $0.caseInsensitiveCompare("Authorization") == .orderedSame }) {
            result["Authorization"] = "Bearer \(bearerToken)"
        }
        return result
    }
}
