import Foundation

/// The JSON values KimiRuntime sends over ACP: prompt blocks, MCP servers, permission answers.
enum AcpWireValues {
    /// The `initialize` parameters: protocol 1, file access, no terminal.
    static let initializeParams: JSONValue = [
        "protocolVersion": .int(KimiPin.acpProtocolVersion),
        "clientCapabilities": ["fs": ["readTextFile": true, "writeTextFile": true], "terminal": false],
        "clientInfo": ["name": "KimiRuntime", "version": .string(KimiPin.cliVersion)],
    ]

    /// A prompt as ACP content blocks: its text, then one `image` block per image.
    static func promptBlocks(for prompt: Prompt) throws -> [JSONValue] {
        guard prompt.files.isEmpty else { throw RuntimeError.unsupportedFeature(.fileInput) }
        var blocks: [JSONValue] = []
        if !prompt.text.isEmpty || prompt.images.isEmpty {
            blocks.append(["type": "text", "text": .string(prompt.text)])
        }
        for image in prompt.images {
            let uri = try image.dataURI()
            guard uri.hasPrefix("data:"), let comma = uri.firstIndex(of: ","),
                let semicolon = uri[..<comma].firstIndex(of: ";")
            else {
                throw RuntimeError.invalidRequest(
                    "ACP image blocks carry the image's bytes: give the image as a file, bytes or a data: URL, not \(uri)"
                )
            }
            let mediaType = String(uri[uri.index(uri.startIndex, offsetBy: 5)..<semicolon])
            blocks.append(["type": "image", "mimeType": .string(mediaType), "data": .string(String(uri[uri.index(after: comma)...]))])
        }
        return blocks
    }

    /// The image data URIs of a prompt (for the local history).
    static func imageURIs(for prompt: Prompt) -> [String] {
        prompt.images.compactMap { try? $0.dataURI() }
    }

    /// An MCP server as ACP describes it in `session/new`.
    static func mcpServer(_ server: McpServerRef) -> JSONValue {
        let pairs = { (values: [String: String]) -> JSONValue in
            .array(values.sorted { $0.key < $1.key }.map { ["name": .string($0.key), "value": .string($0.value)] })
        }
        switch server.transport {
        case .stdio:
            return [
                "name": .string(server.name),
                "command": .string(server.command ?? ""),
                "args": .array(server.arguments.map { .string($0) }),
                "env": pairs(server.environment),
            ]
        case .http, .sse:
            return [
                "type": .string(server.transport.rawValue),
                "name": .string(server.name),
                "url": .string(server.url?.absoluteString ?? ""),
                "headers": pairs(server.effectiveHeaders),
            ]
        }
    }

    /// The answer to `session/request_permission` for `decision`, on the options the agent
    /// offered: allow picks an `allow_once` option (else `allow_always`), deny and defer a
    /// `reject_once` option (else `reject_always`); without a fitting option the request is
    /// answered `cancelled`, which every agent treats as not allowed.
    static func permissionOutcome(_ decision: PermissionDecision?, options: [JSONValue]) -> JSONValue {
        let kinds: [String]
        switch decision {
        case .allow?: kinds = ["allow_once", "allow_always"]
        case .deny?, .defer?: kinds = ["reject_once", "reject_always"]
        case nil: kinds = []
        }
        for kind in kinds {
            if let option = options.first(where: { $0["kind"]?.stringValue == kind }), let id = option["optionId"]?.stringValue {
                return ["outcome": ["outcome": "selected", "optionId": .string(id)]]
            }
        }
        return ["outcome": ["outcome": "cancelled"]]
    }
}
