#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// A fake OpenAI-compatible model server on loopback, so a real agent (any Kimi CLI release)
/// can be driven offline: `POST …/chat/completions` answers with the next scripted
/// ``FakeModelServer/Reply`` (streamed as server-sent events when the request asks for
/// `stream`), `GET …/models` lists ``modelID``, and `POST /mcp` is a streamable-HTTP MCP server
/// with the `echo` tool (``McpEchoServer``). An empty script answers `"ok"`.
///
/// ```swift
/// let server = try FakeModelServer()
/// server.script([.text(["Hello", " there"]), .rateLimited, .text(["after the 429"])])
/// // point the agent's OpenAI-compatible provider at server.baseURL
/// server.stop()
/// ```
public final class FakeModelServer: Sendable {
    /// One scripted answer to one chat-completions request.
    public enum Reply: Sendable, Hashable {
        /// Text in these streamed chunks, optionally after reasoning (`reasoning_content`), with
        /// the usage it reports.
        case text([String], reasoning: String? = nil, usage: TokenUsageReport? = nil)
        /// A call of tool `name` with `argumentsJSON`, with the usage it reports.
        case toolCall(name: String, argumentsJSON: String, usage: TokenUsageReport? = nil)
        /// An HTTP error `status` with an OpenAI-style error body.
        case error(status: Int, message: String)
        /// HTTP 429 with `Retry-After: 0`.
        case rateLimited
    }

    /// Token counts as an OpenAI-compatible server reports them.
    public struct TokenUsageReport: Sendable, Hashable {
        /// `prompt_tokens` (all input, cached included).
        public var promptTokens: Int
        /// `completion_tokens`.
        public var completionTokens: Int
        /// `prompt_tokens_details.cached_tokens`.
        public var cachedTokens: Int

        /// Creates a report.
        public init(promptTokens: Int, completionTokens: Int, cachedTokens: Int = 0) {
            self.promptTokens = promptTokens
            self.completionTokens = completionTokens
            self.cachedTokens = cachedTokens
        }
    }

    /// The model id the server reports.
    public let modelID: String
    /// The port it listens on (127.0.0.1).
    public let port: Int
    /// `http://127.0.0.1:<port>/v1`, the base URL for an OpenAI-compatible provider.
    public var baseURL: String { "http://127.0.0.1:\(port)/v1" }
    /// `http://127.0.0.1:<port>/mcp`, the MCP endpoint.
    public var mcpURL: URL? { URL(string: "http://127.0.0.1:\(port)/mcp") }

    private let listener: Int32
    private let state = Mutex(State())

    private struct State {
        var replies: [Reply] = []
        var requests = 0
        var stopped = false
    }

    /// Starts listening on an ephemeral loopback port.
    /// - Throws: ``ConformanceSetupError`` when no socket can be bound.
    public init(modelID: String = "fake-model") throws {
        self.modelID = modelID
        let (descriptor, port) = try Self.listen()
        self.listener = descriptor
        self.port = port
        let server = self
        let thread = Thread { server.acceptLoop() }
        thread.stackSize = 1 << 20
        thread.start()
    }

    deinit {
        stop()
    }

    /// Replaces the scripted replies (one per chat-completions request, in order).
    public func script(_ replies: [Reply]) {
        state.withLock { $0.replies = replies }
    }

    /// How many chat-completions requests were answered.
    public var requestCount: Int { state.withLock { $0.requests } }

    /// Stops accepting connections. Idempotent.
    public func stop() {
        let first = state.withLock { state -> Bool in
            defer { state.stopped = true }
            return !state.stopped
        }
        guard first else { return }
        _ = shutdown(listener, Int32(SHUT_RDWR))
        _ = close(listener)
    }

    // MARK: - Serving

    private func acceptLoop() {
        while !state.withLock({ $0.stopped }) {
            let client = accept(listener, nil, nil)
            guard client >= 0 else {
                if errno == EINTR { continue }
                return
            }
            let server = self
            Thread { server.serve(client) }.start()
        }
    }

    private func serve(_ client: Int32) {
        defer { _ = close(client) }
        guard let request = FakeModelHTTP.readRequest(client) else { return }
        let response: FakeModelHTTP.Response
        if request.method == "GET", request.path.hasSuffix("/models") {
            response = .json(200, ["object": "list", "data": [["id": modelID, "object": "model", "owned_by": "fake"]]])
        } else if request.method == "POST", request.path == "/mcp" {
            let message = (try? JSONSerialization.jsonObject(with: request.body)) as? [String: Any] ?? [:]
            if let answer = McpEchoServer.answer(message) {
                response = .json(200, answer)
            } else {
                response = FakeModelHTTP.Response(status: 202, headers: [], body: Data())
            }
        } else if request.method == "POST", request.path.hasSuffix("/chat/completions") {
            let reply = state.withLock { state -> Reply in
                state.requests += 1
                return state.replies.isEmpty ? .text(["ok"]) : state.replies.removeFirst()
            }
            let stream = (try? JSONSerialization.jsonObject(with: request.body) as? [String: Any])?["stream"] as? Bool ?? false
            response = FakeModelHTTP.response(for: reply, model: modelID, stream: stream)
        } else {
            response = .json(404, ["error": ["message": "no route \(request.method) \(request.path)", "type": "not_found"]])
        }
        FakeModelHTTP.write(response, to: client)
    }

    private static func listen() throws -> (Int32, Int) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ConformanceSetupError("the fake model server cannot open a socket (errno \(errno))") }
        var reuse: Int32 = 1
        _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, Glibc.listen(descriptor, 64) == 0 else {
            _ = close(descriptor)
            throw ConformanceSetupError("the fake model server cannot listen on 127.0.0.1 (errno \(errno))")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return (descriptor, Int(UInt16(bigEndian: actual.sin_port)))
    }
}
