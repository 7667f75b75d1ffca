/// Everything needed to start the Kimi CLI in wire mode for one session.
struct KimiLaunchPlan: Sendable, Hashable {
    /// The `kimi` executable.
    var executable: String
    /// The canonical work directory (`--work-dir`).
    var workDirectory: String
    /// The model the session runs (for prices and results).
    var model: String
    /// `--model <alias>`, when one is passed.
    var modelArgument: String?
    /// `--config …` or `--config-file …`.
    var configArguments: [String]
    /// `--yolo`.
    var yolo: Bool
    /// `--mcp-config-file <path>`, when MCP servers are configured.
    var mcpConfigFile: String?
    /// `--max-steps-per-turn`.
    var maxStepsPerTurn: Int?
    /// `--max-retries-per-step`.
    var maxRetriesPerStep: Int?
    /// The CLI's complete environment.
    var environment: [String: String]

    /// The CLI's arguments for `sessionID` with thinking on (`true`), off (`false`) or left to
    /// the configuration (`nil`). Never empty: wire mode, session and work directory are always
    /// given.
    func arguments(sessionID: String, thinking: Bool?) -> [String] {
        var arguments = ["--wire", "--session", sessionID, "--work-dir", workDirectory]
        arguments += configArguments
        if let modelArgument { arguments += ["--model", modelArgument] }
        switch thinking {
        case true?: arguments.append("--thinking")
        case false?: arguments.append("--no-thinking")
        case nil: break
        }
        if yolo { arguments.append("--yolo") }
        if let mcpConfigFile { arguments += ["--mcp-config-file", mcpConfigFile] }
        if let maxStepsPerTurn { arguments += ["--max-steps-per-turn", String(maxStepsPerTurn)] }
        if let maxRetriesPerStep { arguments += ["--max-retries-per-step", String(maxRetriesPerStep)] }
        return arguments
    }

    /// Thinking on/off for a reasoning effort: `.disabled` is off, any other level is on, `nil`
    /// leaves the CLI's default.
    static func thinkingFlag(for effort: ReasoningEffort?) -> Bool? {
        guard let effort else { return nil }
        return effort != .disabled
    }

    /// The CLI configuration the runtime generates for the real provider: one model (the
    /// session's) on a `kimi` provider at `baseURL`, telemetry off. The API key is not in it: it
    /// reaches the CLI as `KIMI_API_KEY` in its environment.
    static func generatedConfig(model: String, baseURL: String) -> JSONValue {
        let info = KimiModelCatalog.info(for: model)
        var capabilities: [JSONValue] = []
        if info?.supportsReasoning ?? true { capabilities.append("thinking") }
        if info?.supportsVision ?? false { capabilities.append("image_in") }
        return [
            "default_model": .string(model),
            "telemetry": false,
            "models": .object([
                model: [
                    "provider": "kimi",
                    "model": .string(model),
                    "max_context_size": .int(info?.contextWindow ?? 262_144),
                    "capabilities": .array(capabilities),
                ],
            ]),
            "providers": [
                "kimi": ["type": "kimi", "base_url": .string(baseURL), "api_key": ""],
            ],
        ]
    }
}
