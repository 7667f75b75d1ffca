import Foundation

extension KimiRuntime {
    /// What each ``Feature`` does in a session over `agentProtocol` (static; independent of the
    /// model and of the agent).
    ///
    /// Over ACP: no steering (ACP has none; use wire), no MCP over SSE (neither Kimi CLI
    /// release KimiRuntime accepts advertises it to every client; an agent that does not
    /// advertise a transport gets a session-start error), no hooks for compaction or retries
    /// (ACP does not report them). The USD cap works from the usage the agent reports in its
    /// `session/prompt` answers, or, for the legacy kimi-cli (whose ACP server reports none),
    /// from the session log the CLI writes (``AcpSession``); a session whose usage cannot be
    /// had refuses the cap with ``RuntimeError/unsupportedFeature(_:)``.
    public static func featureSupport(for agentProtocol: KimiAgentProtocol) -> [Feature: Bool] {
        switch agentProtocol {
        case .wire:
            return featureSupport
        case .acp:
            var table = featureSupport
            table[.steer] = false
            table[.mcpSse] = false
            return table
        }
    }

    /// The protocol sessions use: ``KimiConfiguration/agentProtocol``, else wire when the CLI
    /// answers `kimi info --json` (only the legacy kimi-cli does), else ACP.
    public func resolvedProtocol() async throws -> KimiAgentProtocol {
        if let chosen = configuration.agentProtocol { return chosen }
        let executable = try resolvedExecutable()
        var childEnvironment = environmentForCLI()
        childEnvironment["KIMI_CLI_NO_AUTO_UPDATE"] = childEnvironment["KIMI_CLI_NO_AUTO_UPDATE"] ?? "1"
        do {
            _ = try await probeVersion(executable: executable, environment: childEnvironment)
            return .wire
        } catch let error as RuntimeError {
            if case .timeout = error { throw error }
            return .acp
        }
    }

    /// Starts a new session over ACP (`kimi acp`, `session/new`), whatever the configured
    /// protocol.
    /// - Throws: ``RuntimeError`` — invalid options, unsupported features (also MCP transports
    ///   the agent does not advertise), an unverified agent, an agent that fails to start.
    public func makeAcpSession(_ options: SessionOptions = SessionOptions()) async throws -> AcpSession {
        try await AcpSession.open(plan: try acpLaunchPlan(for: options), options: options, timeouts: configuration.timeouts, resumeID: nil)
    }

    /// Continues session `id` over ACP in a new agent process (`session/load`, which replays the
    /// history, else `session/resume`).
    /// - Throws: ``RuntimeError/invalidRequest(_:)`` when the agent has no such session.
    public func resumeAcpSession(id: String, options: SessionOptions = SessionOptions()) async throws -> AcpSession {
        guard !id.isEmpty, !id.contains(where: { $0.isNewline || $0 == "/" }) else {
            throw RuntimeError.invalidRequest("'\(id)' is not a valid session id")
        }
        return try await AcpSession.open(plan: try acpLaunchPlan(for: options), options: options, timeouts: configuration.timeouts, resumeID: id)
    }

    /// Validates `options` for ACP and works out how to start the agent.
    func acpLaunchPlan(for options: SessionOptions) throws -> AcpLaunchPlan {
        try Self.validateCommonOptions(options)
        if configuration.cliConfig != nil {
            throw RuntimeError.invalidRequest(
                "KimiConfiguration.cliConfig cannot be passed over ACP: `kimi acp` reads its own configuration "
                    + "(kimi-cli: $KIMI_SHARE_DIR/config.toml; Kimi Code CLI: $KIMI_CODE_HOME/config.toml); write it there instead"
            )
        }
        if !options.mcpServers.isEmpty { _ = try KimiMcpConfig.json(for: options.mcpServers) }  // unique names
        if options.mcpServers.contains(where: { $0.transport == .sse }) { throw RuntimeError.unsupportedFeature(.mcpSse) }
        let model = [options.model, configuration.defaultModel, environment["KIMI_MODEL_NAME"]]
            .compactMap { $0 }.first { !$0.isEmpty }
        // The agent's own model (no model given) is priced once the session reports it.
        try Self.validateBudgetCap(options.maxBudgetUSD, model: model)
        return AcpLaunchPlan(
            executable: try resolvedExecutable(),
            workDirectory: try canonicalWorkDirectory(options.workDirectory),
            model: model,
            environment: environmentForCLI(),
            mcpServers: options.mcpServers,
            verifyVersion: configuration.verifyPeerVersion
        )
    }

    /// The CLI's environment: this runtime's, then the configuration's extra variables.
    func environmentForCLI() -> [String: String] {
        var childEnvironment = environment
        for (key, value) in configuration.environment { childEnvironment[key] = value }
        return childEnvironment
    }
}

extension KimiRuntime {
    /// What both backends refuse before starting anything: the features neither does, `yolo`
    /// with a permission callback, a negative `maxTurns`.
    static func validateCommonOptions(_ options: SessionOptions) throws {
        if options.reasoningBudgetTokens != nil { throw RuntimeError.unsupportedFeature(.reasoningBudgetTokens) }
        if options.outputSchema != nil { throw RuntimeError.unsupportedFeature(.structuredOutput) }
        if !options.functionTools.isEmpty { throw RuntimeError.unsupportedFeature(.functionTools) }
        if options.yolo, options.onPermission != nil {
            throw RuntimeError.invalidRequest("yolo and a permission callback are mutually exclusive")
        }
        if let maxTurns = options.maxTurns, maxTurns < 0 {
            throw RuntimeError.invalidRequest("maxTurns must not be negative")
        }
    }

    /// A USD cap must be a non-negative amount, and `model` (when known) must have a price:
    /// without prices the cap could never trip, so it is refused rather than pretended.
    static func validateBudgetCap(_ cap: Double?, model: String?) throws {
        guard let cap else { return }
        guard cap >= 0, cap.isFinite else { throw RuntimeError.invalidRequest("maxBudgetUSD must be a non-negative amount") }
        if let model, KimiModelCatalog.pricing(for: model) == nil { throw RuntimeError.unsupportedFeature(.budgetUSDCap) }
    }
}
