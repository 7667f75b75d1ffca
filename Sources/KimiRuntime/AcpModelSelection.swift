/// Works out the requests that put an ACP session on the wanted model and thinking mode, from
/// what the agent offers: the `model` and `thought_level` config options when it has them
/// (`session/set_config_option`, the maintained Kimi Code CLI), else the model list
/// (`session/set_model`, where the legacy kimi-cli offers a `<model>,thinking` variant).
enum AcpModelSelection {
    /// One request to send.
    struct Request: Sendable, Equatable {
        var method: String
        var params: JSONValue
    }

    /// The model request for `state` (a `session/new`, `session/load` or `session/resume`
    /// answer), or `nil` when nothing has to change. With config options the thinking mode is
    /// a separate request (``thinkingRequest(sessionID:state:thinking:)``), sent after this one.
    static func modelRequest(sessionID: String, state: JSONValue, model: String?, thinking: Bool?) throws -> Request? {
        if let option = configOption(in: state, category: "model") {
            guard let model else { return nil }
            let values = selectValues(option)
            guard values.contains(model) else { throw notOffered(model, values) }
            if option["currentValue"]?.stringValue == model { return nil }
            return Request(method: "session/set_config_option", params: [
                "sessionId": .string(sessionID), "configId": option["id"] ?? "model", "value": .string(model),
            ])
        }
        guard let models = state["models"], let available = models["availableModels"]?.arrayValue else {
            return nil  // the agent reported no model state: it runs its own choice
        }
        let ids = available.compactMap { $0["modelId"]?.stringValue }
        let current = models["currentModelId"]?.stringValue ?? ""
        let base = model ?? baseModel(current)
        let wantsThinking = thinking ?? current.hasSuffix(thinkingSuffix)
        let candidates = wantsThinking ? [base + thinkingSuffix, base] : [base, base + thinkingSuffix]
        guard let target = candidates.first(where: ids.contains) else {
            throw notOffered(base, ids.map(baseModel).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } })
        }
        if target == current { return nil }
        return Request(method: "session/set_model", params: ["sessionId": .string(sessionID), "modelId": .string(target)])
    }

    /// The thinking request with config options, or `nil` (no such option, nothing to change, or
    /// the model cannot do the wanted mode).
    static func thinkingRequest(sessionID: String, state: JSONValue, thinking: Bool?) -> Request? {
        guard let thinking, let option = configOption(in: state, category: "thought_level") else { return nil }
        let values = selectValues(option)
        let wanted: String?
        if thinking {
            wanted = values.contains("on") ? "on" : values.first { $0 != "off" }
        } else {
            wanted = values.contains("off") ? "off" : nil
        }
        guard let wanted, option["currentValue"]?.stringValue != wanted else { return nil }
        return Request(method: "session/set_config_option", params: [
            "sessionId": .string(sessionID), "configId": option["id"] ?? "thinking", "value": .string(wanted),
        ])
    }

    /// The model the session runs (without the thinking suffix), from `state`.
    static func currentModel(in state: JSONValue) -> String? {
        if let option = configOption(in: state, category: "model") { return option["currentValue"]?.stringValue }
        return state["models"]?["currentModelId"]?.stringValue.map(baseModel)
    }

    /// `state` with the config options of a `set_config_option` answer, or the model a
    /// `set_model` request chose.
    static func updated(_ state: JSONValue, after request: Request, answer: JSONValue) -> JSONValue {
        guard case .object(var object) = state else { return state }
        if let options = answer["configOptions"], case .array = options {
            object["configOptions"] = options
        } else if request.method == "session/set_model", case .object(var models)? = object["models"] {
            models["currentModelId"] = request.params["modelId"]
            object["models"] = .object(models)
        }
        return .object(object)
    }

    static let thinkingSuffix = ",thinking"

    static func baseModel(_ id: String) -> String {
        id.hasSuffix(thinkingSuffix) ? String(id.dropLast(thinkingSuffix.count)) : id
    }

    private static func configOption(in state: JSONValue, category: String) -> JSONValue? {
        state["configOptions"]?.arrayValue?.first { option in
            option["category"]?.stringValue == category || (category == "model" && option["id"]?.stringValue == "model")
        }
    }

    private static func selectValues(_ option: JSONValue) -> [String] {
        (option["options"]?.arrayValue ?? []).flatMap { entry -> [String] in
            // A select lists values directly or in groups ({"group":…,"options":[…]}).
            if let value = entry["value"]?.stringValue { return [value] }
            return (entry["options"]?.arrayValue ?? []).compactMap { $0["value"]?.stringValue }
        }
    }

    private static func notOffered(_ model: String, _ offered: [String]) -> RuntimeError {
        .invalidRequest("the ACP agent does not offer model \(model); it offers: \(offered.joined(separator: ", "))")
    }
}
