import Foundation
import KimiRuntime

/// Runs the conformance suite against any Kimi CLI release, offline: a ``FakeModelServer``
/// plays the model behind the CLI's OpenAI-compatible provider, and the harness writes the CLI's
/// configuration where that CLI kind reads it (each harness has its own temporary directories;
/// call ``tearDown()``):
/// - the legacy kimi-cli (1.x): over wire the configuration goes inline (`--config`); over ACP
///   into `$KIMI_SHARE_DIR/config.toml`, with a dummy stored login (provider type `openai_legacy`);
/// - the maintained Kimi Code CLI (0.x, ACP only): `$KIMI_CODE_HOME/config.toml` (provider type
///   `openai`).
public final class FakeModelHarness: ConformanceHarness {
    /// Which Kimi CLI the harness configures.
    public enum CLIKind: String, Sendable {
        /// kimi-cli 1.x (PyPI).
        case legacy
        /// Kimi Code CLI 0.x (npm `@moonshot-ai/kimi-code`).
        case maintained
    }

    /// The model alias the suite uses (priced from the runtime's price table).
    public let model = "kimi-k2-thinking"
    /// The CLI.
    public let executable: URL
    /// The protocol the runtimes speak.
    public let agentProtocol: KimiAgentProtocol
    /// The CLI kind.
    public let cliKind: CLIKind
    /// The fake model server (running until ``tearDown()``).
    public let server: FakeModelServer
    /// The harness's temporary root.
    public let root: URL
    /// The agent's work directory.
    public let workDirectory: URL
    /// The stdio MCP server.
    public let mcpStdioServer: McpServerRef?
    /// The streamable-HTTP MCP server (the fake server's `/mcp` unless given).
    public let mcpHttpServer: McpServerRef?
    private let verifyPeerVersion: Bool
    private let dataDirectory: URL
    private let homeDirectory: URL

    /// Creates the directories and configuration and starts the fake model server.
    public init(
        executable: URL,
        agentProtocol: KimiAgentProtocol,
        cliKind: CLIKind,
        mcpStdioServer: McpServerRef?,
        mcpHttpServer: McpServerRef? = nil,
        verifyPeerVersion: Bool = false
    ) throws {
        self.executable = executable
        self.agentProtocol = agentProtocol
        self.cliKind = cliKind
        self.verifyPeerVersion = verifyPeerVersion
        self.mcpStdioServer = mcpStdioServer
        let server = try FakeModelServer()
        self.server = server
        self.mcpHttpServer = try mcpHttpServer ?? server.mcpURL.map { try McpServerRef.http(name: "fakehttp", url: $0) }
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("kimi-fake-model-\(UUID().uuidString.lowercased())")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        root = base.resolvingSymlinksInPath()
        workDirectory = root.appendingPathComponent("work", isDirectory: true)
        dataDirectory = root.appendingPathComponent("data", isDirectory: true)
        homeDirectory = root.appendingPathComponent("home", isDirectory: true)
        for directory in [workDirectory, dataDirectory, homeDirectory] {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        if agentProtocol == .acp {
            switch cliKind {
            case .legacy: try KimiCLIFiles.writeLegacyACPFiles(shareDirectory: dataDirectory, configTOML: configTOML)
            case .maintained: try Data(configTOML.utf8).write(to: dataDirectory.appendingPathComponent("config.toml"))
            }
        }
    }

    /// The CLI configuration as TOML: the two model aliases on an OpenAI-compatible provider at
    /// the fake server.
    public var configTOML: String {
        KimiCLIFiles.legacyConfigTOML(
            defaultModel: model,
            models: [(model, ["image_in", "thinking"]), ("kimi-test-text-only", [])],
            provider: ["type": cliKind == .legacy ? "openai_legacy" : "openai", "base_url": server.baseURL, "api_key": "offline-dummy"],
            modelName: server.modelID
        )
    }

    /// The same configuration as JSON (for `--config` over wire).
    public var configJSON: String {
        let models: [String: Any] = [
            model: ["provider": "p", "model": server.modelID, "max_context_size": 100_000, "capabilities": ["image_in", "thinking"]],
            "kimi-test-text-only": ["provider": "p", "model": server.modelID, "max_context_size": 100_000, "capabilities": [String]()],
        ]
        let config: [String: Any] = [
            "default_model": model, "telemetry": false, "models": models,
            "providers": ["p": ["type": "openai_legacy", "base_url": server.baseURL, "api_key": "offline-dummy"]],
        ]
        let data = (try? JSONSerialization.data(withJSONObject: config, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// What the CLI reports: over ACP ``ConformanceTraits/kimiOverACP`` for the legacy CLI and
    /// ``ConformanceTraits/acpWithoutUsage`` for the maintained one (its usage reports are not
    /// verified here); over wire everything but retries (the OpenAI SDK inside the CLI retries a
    /// 5xx or 429 before the agent sees it).
    public var traits: ConformanceTraits {
        guard agentProtocol == .acp else { return ConformanceTraits(reportsTokenUsage: true, reportsRetries: false, modelToldOfDeferral: true) }
        return cliKind == .legacy ? .kimiOverACP : .acpWithoutUsage
    }

    /// The runtime configuration.
    public func configuration() -> KimiConfiguration {
        var environment = ["HOME": homeDirectory.path, "KIMI_CLI_NO_AUTO_UPDATE": "1"]
        environment[cliKind == .legacy ? "KIMI_SHARE_DIR" : "KIMI_CODE_HOME"] = dataDirectory.path
        return KimiConfiguration(
            executable: executable,
            apiKey: "offline-dummy",
            defaultModel: model,
            cliConfig: agentProtocol == .wire ? .inline(configJSON) : nil,
            environment: environment,
            verifyPeerVersion: verifyPeerVersion,
            timeouts: KimiConfiguration.Timeouts(startup: .seconds(120), idle: .seconds(120), turn: .seconds(300)),
            liveModelListing: false,
            agentProtocol: agentProtocol
        )
    }

    /// See ``ConformanceHarness/makeRuntime()``.
    public func makeRuntime() async throws -> any AgentRuntime {
        KimiRuntime(configuration: configuration())
    }

    /// Scripts the fake server (one reply per model call).
    public func script(_ steps: [ScriptedStep]) async throws {
        server.script(try steps.map(Self.reply))
    }

    /// Stops the server and removes the temporary directories.
    public func tearDown() {
        server.stop()
        try? FileManager.default.removeItem(at: root)
    }

    /// The fake server's reply for one scripted step.
    public static func reply(for step: ScriptedStep) throws -> FakeModelServer.Reply {
        switch step {
        case .reply(let chunks, let thinking, let usage):
            return .text(chunks, reasoning: thinking, usage: usage.map(report))
        case .shellCommand(let command, let usage):
            return .toolCall(name: "Shell", argumentsJSON: try json(["command": command]), usage: usage.map(report))
        case .mcpToolCall(let tool, let argumentsJSON):
            return .toolCall(name: tool, argumentsJSON: argumentsJSON)
        case .writeFile(let path, let content):
            return .toolCall(name: "WriteFile", argumentsJSON: try json(["path": path, "content": content]))
        case .readFile(let path):
            return .toolCall(name: "ReadFile", argumentsJSON: try json(["path": path]))
        case .providerError(let status):
            return status == 429 ? .rateLimited : .error(status: status, message: "simulated provider failure")
        }
    }

    private static func report(_ usage: TokenUsage) -> FakeModelServer.TokenUsageReport {
        FakeModelServer.TokenUsageReport(promptTokens: usage.input, completionTokens: usage.output, cachedTokens: usage.inputCacheRead)
    }

    private static func json(_ object: [String: String]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }
}
