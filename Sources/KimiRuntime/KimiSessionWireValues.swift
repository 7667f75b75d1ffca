import Foundation

extension KimiSession {
    // MARK: - Wire values

    static let initializeParams: JSONValue = [
        "protocol_version": .string(KimiPin.wireProtocolVersion),
        "client": ["name": "KimiRuntime", "version": .string(KimiPin.cliVersion)],
        "capabilities": ["supports_question": false, "supports_plan_mode": false],
    ]

    /// The `user_input` of a prompt: its text, or text and image parts (images as data URIs).
    static func wireInput(for prompt: Prompt) throws -> JSONValue {
        guard prompt.files.isEmpty else { throw RuntimeError.unsupportedFeature(.fileInput) }
        guard !prompt.images.isEmpty else { return .string(prompt.text) }
        var parts: [JSONValue] = []
        if !prompt.text.isEmpty {
            parts.append(["type": "text", "text": .string(prompt.text)])
        }
        for image in prompt.images {
            parts.append(["type": "image_url", "image_url": ["url": .string(try image.dataURI())]])
        }
        return .array(parts)
    }

    /// The answer to an approval request.
    static func approvalAnswer(requestID: String, decision: PermissionDecision) -> JSONValue {
        switch decision {
        case .allow:
            return ["request_id": .string(requestID), "response": "approve"]
        case .deny:
            return ["request_id": .string(requestID), "response": "reject"]
        case .defer:
            return ["request_id": .string(requestID), "response": "reject", "feedback": .string(deferredFeedback)]
        }
    }

    /// A JSON-RPC error answer to `prompt` as a runtime error.
    static func map(_ error: WireRPCError, hadImages: Bool) -> RuntimeError {
        switch error.code {
        case -32001:
            return .auth("the Kimi CLI has no usable model or credentials: \(error.message)")
        case -32002 where hadImages:
            return .unsupportedFeature(.visionInput)
        case -32003:
            return .transient("the model provider failed: \(error.message)")
        case -32004:
            return .auth(error.message)
        default:
            return .protocol("the Kimi CLI answered with JSON-RPC error \(error.code): \(error.message)")
        }
    }

    static func excerpt(_ line: String, limit: Int = 200) -> String {
        line.count <= limit ? line : String(line.prefix(limit)) + "…"
    }
}
