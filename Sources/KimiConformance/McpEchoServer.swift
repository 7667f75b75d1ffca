import Foundation

/// A minimal MCP server with one tool, `echo` (`{"text": …}` → `echo: …`), spoken over stdio
/// (``serveStdio()``, one JSON-RPC message per line) or over streamable HTTP by
/// ``FakeModelServer`` (`POST /mcp`). Lets `kimi-conformance` run its MCP checks with nothing
/// but itself.
public enum McpEchoServer {
    /// The answer to one JSON-RPC message; `nil` for a notification.
    public static func answer(_ message: [String: Any]) -> [String: Any]? {
        guard let id = message["id"], !(id is NSNull) else { return nil }
        let params = message["params"] as? [String: Any] ?? [:]
        var reply: [String: Any] = ["jsonrpc": "2.0", "id": id]
        switch message["method"] as? String {
        case "initialize":
            reply["result"] = [
                "protocolVersion": params["protocolVersion"] as? String ?? "2025-06-18",
                "capabilities": ["tools": ["listChanged": false]],
                "serverInfo": ["name": "kimi-conformance-echo", "version": "1.0.0"],
            ]
        case "tools/list":
            reply["result"] = ["tools": [[
                "name": "echo", "description": "Echo the given text back, prefixed with 'echo: '.",
                "inputSchema": ["type": "object", "properties": ["text": ["type": "string"]], "required": ["text"]],
            ]]]
        case "tools/call":
            let arguments = params["arguments"] as? [String: Any] ?? [:]
            let known = params["name"] as? String == "echo"
            let text = known ? "echo: \(arguments["text"] as? String ?? "")" : "unknown tool \(params["name"] ?? "")"
            reply["result"] = ["content": [["type": "text", "text": text]], "isError": !known]
        case "ping":
            reply["result"] = [String: Any]()
        default:
            reply["error"] = ["code": -32601, "message": "Method not found: \(message["method"] ?? "")"]
        }
        return reply
    }

    /// Serves MCP on stdin/stdout until stdin ends.
    public static func serveStdio() {
        while let line = readLine() {
            guard let data = line.data(using: .utf8),
                let message = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
                let reply = answer(message),
                let encoded = try? JSONSerialization.data(withJSONObject: reply)
            else { continue }
            FileHandle.standardOutput.write(encoded + Data("\n".utf8))
        }
    }
}
