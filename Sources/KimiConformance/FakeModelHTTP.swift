#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The HTTP/1.1 and OpenAI wire format of ``FakeModelServer`` (one request per connection).
enum FakeModelHTTP {
    struct Request {
        var method: String
        var path: String
        var body: Data
    }

    struct Response {
        var status: Int
        var headers: [(String, String)]
        var body: Data

        static func json(_ status: Int, _ object: Any) -> Response {
            let body = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
            return Response(status: status, headers: [("Content-Type", "application/json")], body: body)
        }
    }

    /// Reads one request (headers, then a `Content-Length` body); `nil` on a broken connection.
    static func readRequest(_ socket: Int32) -> Request? {
        var buffer = Data()
        var chunk = [UInt8](repeating: 0, count: 16_384)
        let separator = Data("\r\n\r\n".utf8)
        var headerEnd: Range<Data.Index>?
        while headerEnd == nil {
            let count = recv(socket, &chunk, chunk.count, 0)
            guard count > 0 else { return nil }
            buffer.append(contentsOf: chunk[0..<count])
            headerEnd = buffer.range(of: separator)
            if buffer.count > 1 << 20 { return nil }
        }
        guard let end = headerEnd else { return nil }
        let head = String(decoding: buffer[..<end.lowerBound], as: UTF8.self).split(separator: "\r\n")
        let requestLine = head.first?.split(separator: " ") ?? []
        guard requestLine.count >= 2 else { return nil }
        var length = 0
        for line in head.dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "content-length" {
                length = Int(parts[1].trimmingCharacters(in: .whitespaces)) ?? 0
            }
        }
        var body = Data(buffer[end.upperBound...])
        while body.count < length {
            let count = recv(socket, &chunk, chunk.count, 0)
            guard count > 0 else { return nil }
            body.append(contentsOf: chunk[0..<count])
        }
        return Request(method: String(requestLine[0]), path: String(requestLine[1]), body: body)
    }

    static func write(_ response: Response, to socket: Int32) {
        let reason = [200: "OK", 202: "Accepted", 404: "Not Found", 429: "Too Many Requests"][response.status] ?? "Error"
        var head = "HTTP/1.1 \(response.status) \(reason)\r\n"
        for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(response.body.count)\r\nConnection: close\r\n\r\n"
        var data = Data(head.utf8)
        data.append(response.body)
        data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                let sent = send(socket, base + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                guard sent > 0 else { return }
                offset += sent
            }
        }
    }

    /// The answer to a chat-completions request.
    static func response(for reply: FakeModelServer.Reply, model: String, stream: Bool) -> Response {
        switch reply {
        case .error(let status, let message):
            return .json(status, ["error": ["message": message, "type": "server_error", "code": status]])
        case .rateLimited:
            var response = Response.json(429, ["error": ["message": "rate limited (scripted)", "type": "rate_limit_exceeded"]])
            response.headers.append(("Retry-After", "0"))
            return response
        case .text(let chunks, let reasoning, let usage):
            var deltas: [[String: Any]] = []
            if let reasoning { deltas.append(["reasoning_content": reasoning]) }
            deltas += chunks.map { ["content": $0] }
            return completion(deltas: deltas, finish: "stop", usage: usage, model: model, stream: stream)
        case .toolCall(let name, let argumentsJSON, let usage):
            let call: [String: Any] = [
                "index": 0, "id": "call_\(UUID().uuidString.prefix(8).lowercased())", "type": "function",
                "function": ["name": name, "arguments": argumentsJSON],
            ]
            return completion(deltas: [["tool_calls": [call]]], finish: "tool_calls", usage: usage, model: model, stream: stream)
        }
    }

    private static func completion(
        deltas: [[String: Any]], finish: String, usage: FakeModelServer.TokenUsageReport?, model: String, stream: Bool
    ) -> Response {
        let id = "chatcmpl-\(UUID().uuidString.prefix(12).lowercased())"
        let usageObject: [String: Any] = [
            "prompt_tokens": usage?.promptTokens ?? 0, "completion_tokens": usage?.completionTokens ?? 0,
            "total_tokens": (usage?.promptTokens ?? 0) + (usage?.completionTokens ?? 0),
            "prompt_tokens_details": ["cached_tokens": usage?.cachedTokens ?? 0],
        ]
        let base: [String: Any] = ["id": id, "created": 1_700_000_000, "model": model]
        guard stream else {
            var message: [String: Any] = ["role": "assistant", "content": deltas.compactMap { $0["content"] as? String }.joined()]
            for delta in deltas {
                for (key, value) in delta where key != "content" { message[key] = value }
            }
            var object = base
            object["object"] = "chat.completion"
            object["choices"] = [["index": 0, "message": message, "finish_reason": finish]]
            object["usage"] = usageObject
            return .json(200, object)
        }
        var events: [[String: Any]] = deltas.enumerated().map { index, delta in
            var withRole = delta
            if index == 0 { withRole["role"] = "assistant" }
            return ["choices": [["index": 0, "delta": withRole, "finish_reason": NSNull()]]]
        }
        events.append(["choices": [["index": 0, "delta": [String: Any](), "finish_reason": finish]]])
        events.append(["choices": [Any](), "usage": usageObject])
        var body = Data()
        for event in events {
            var object = base
            object["object"] = "chat.completion.chunk"
            for (key, value) in event { object[key] = value }
            body.append(Data("data: ".utf8))
            body.append((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8))
            body.append(Data("\n\n".utf8))
        }
        body.append(Data("data: [DONE]\n\n".utf8))
        return Response(status: 200, headers: [("Content-Type", "text/event-stream"), ("Cache-Control", "no-cache")], body: body)
    }
}
