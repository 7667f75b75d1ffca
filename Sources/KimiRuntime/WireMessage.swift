import Foundation

/// One line received from a Kimi Wire peer, classified.
///
/// Decoding is tolerant: unknown fields are ignored, `null` and missing optional fields are the
/// same, unknown event and request types are passed on for the caller to ignore.
enum WireMessage: Sendable, Hashable {
    /// A notification `{"method":"event","params":{"type":…,"payload":…}}`.
    case event(type: String, payload: JSONValue)
    /// A server request `{"method":"request","id":…,"params":{"type":…,"payload":…}}`.
    case request(id: String, type: String, payload: JSONValue)
    /// A response to one of our calls.
    case response(id: String?, result: Result<JSONValue, WireRPCError>)
    /// Any other notification `{"method":…,"params":…}` (ACP's `session/update`, or a method a
    /// newer peer added).
    case notification(method: String, params: JSONValue)
    /// Any other request `{"method":…,"id":…,"params":…}` (ACP's `session/request_permission`,
    /// `fs/read_text_file`, …); it must be answered.
    /// `id` is kept as sent (a number or a string) so the answer can echo it exactly.
    case call(id: JSONValue, method: String, params: JSONValue)
    /// Valid JSON that is none of the above (ignored).
    case other

    /// How a line was classified.
    enum Parsed: Sendable, Hashable {
        case message(WireMessage)
        /// Not JSON at all (a log line, a banner): skipped.
        case noise
        /// Looks like JSON but does not parse: the stream is corrupt.
        case malformed
    }

    static func parse(_ line: String) -> Parsed {
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let first = trimmed.first else { return .noise }
        guard first == "{" || first == "[" else { return .noise }
        guard let value = try? JSONValue.parse(trimmed) else { return .malformed }
        return .message(classify(value))
    }

    static func classify(_ value: JSONValue) -> WireMessage {
        guard case .object(let object) = value else { return .other }
        let method = object["method"]?.stringValue
        let params = object["params"] ?? .null
        if method == "event" {
            guard let type = params["type"]?.stringValue else { return .other }
            return .event(type: type, payload: params["payload"] ?? .null)
        }
        if method == "request" {
            guard let id = object["id"]?.idString, let type = params["type"]?.stringValue else { return .other }
            return .request(id: id, type: type, payload: params["payload"] ?? .null)
        }
        if let method {
            if let id = object["id"], id.idString != nil { return .call(id: id, method: method, params: params) }
            return .notification(method: method, params: params)
        }
        if object.keys.contains("result") || object.keys.contains("error") {
            let id = object["id"]?.idString
            if let error = object["error"], !error.isNull {
                let code = error["code"]?.intValue ?? 0
                let message = error["message"]?.stringValue ?? "unknown error"
                return .response(id: id, result: .failure(WireRPCError(code: code, message: message, data: error["data"])))
            }
            return .response(id: id, result: .success(object["result"] ?? .null))
        }
        return .other
    }
}
