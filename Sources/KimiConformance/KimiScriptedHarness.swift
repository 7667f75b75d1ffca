import Foundation
import KimiRuntime

/// Runs the conformance suite against a real Kimi CLI offline: the CLI's built-in
/// `_scripted_echo` provider plays the model, and every harness has its own `KIMI_SHARE_DIR`,
/// `HOME`, work directory and script file in a temporary directory (call ``tearDown()``).
///
/// The CLI reads its script file when it starts, so ``script(_:)`` affects the CLI processes
/// started afterwards. Two model aliases are configured: ``model`` (`kimi-k2-thinking`, priced,
/// with image input and thinking) and ``textOnlyModel`` (unpriced, no capabilities).
public final class KimiScriptedHarness: ConformanceHarness {
    /// The model alias the suite uses (priced from the runtime's price table).
    public let model = "kimi-k2-thinking"
    /// A second alias without prices or capabilities.
    public static let textOnlyModel = "kimi-test-text-only"
    /// The `kimi` executable.
    public let executable: URL
    /// The harness's temporary root.
    public let root: URL
    /// The agent's work directory.
    public let workDirectory: URL
    /// The CLI's `KIMI_SHARE_DIR`.
    public let shareDirectory: URL
    /// The CLI's `HOME`.
    public let homeDirectory: URL
    /// The `_scripted_echo` script file.
    public let scriptsFile: URL
    /// The stdio MCP server for ``ConformanceCheck/mcpStdioTool``.
    public let mcpStdioServer: McpServerRef?
    /// The streamable-HTTP MCP server for ``ConformanceCheck/mcpHttpTool``.
    public let mcpHttpServer: McpServerRef?
    /// Whether runtimes check the CLI's versions against ``KimiPin``.
    public let verifyPeerVersion: Bool
    /// Time limits of the runtimes.
    public let timeouts: KimiConfiguration.Timeouts
    /// The protocol the runtimes speak (over ACP the CLI reads ``shareDirectory``'s
    /// `config.toml`, which the harness writes, and needs a stored login, which it fakes).
    public let agentProtocol: KimiAgentProtocol

    /// Creates a harness with fresh temporary directories.
    /// - Parameters:
    ///   - executable: the `kimi` executable (kimi-cli with the `_scripted_echo` provider).
    ///   - mcpStdioServer: a stdio MCP server with an `echo` tool, for the MCP check.
    ///   - verifyPeerVersion: `false` to run the suite against an unpinned release (smoke hooks).
    ///   - timeouts: time limits for the runtimes.
    public init(
        executable: URL,
        mcpStdioServer: McpServerRef? = nil,
        mcpHttpServer: McpServerRef? = nil,
        verifyPeerVersion: Bool = true,
        timeouts: KimiConfiguration.Timeouts = KimiConfiguration.Timeouts(startup: .seconds(120), idle: .seconds(120), turn: .seconds(300)),
        agentProtocol: KimiAgentProtocol = .wire
    ) throws {
        self.executable = executable
        self.agentProtocol = agentProtocol
        self.mcpStdioServer = mcpStdioServer
        self.mcpHttpServer = mcpHttpServer
        self.verifyPeerVersion = verifyPeerVersion
        self.timeouts = timeouts
        let fileManager = FileManager.default
        let root = fileManager.temporaryDirectory
            .appendingPathComponent("kimi-conformance-\(UUID().uuidString.lowercased())", isDirectory: true)
        // Canonical paths: the CLI keys sessions by the work directory's path.
        let canonicalRoot = URL(fileURLWithPath: root.path).resolvingSymlinksInPath()
        self.root = canonicalRoot
        self.workDirectory = canonicalRoot.appendingPathComponent("work", isDirectory: true)
        self.shareDirectory = canonicalRoot.appendingPathComponent("share", isDirectory: true)
        self.homeDirectory = canonicalRoot.appendingPathComponent("home", isDirectory: true)
        self.scriptsFile = canonicalRoot.appendingPathComponent("scripts.json")
        for directory in [workDirectory, shareDirectory, homeDirectory] {
            try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        try Data("[]".utf8).write(to: scriptsFile)
        if agentProtocol == .acp {
            try KimiCLIFiles.writeLegacyACPFiles(shareDirectory: shareDirectory, configTOML: cliConfigTOML)
        }
    }

    /// A harness for the `kimi` at `KIMI_CLI_PATH`.
    /// - Throws: a ``ConformanceSetupError`` telling to run through `make test` when
    ///   `KIMI_CLI_PATH` is unset or not executable.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        mcpStdioServer: McpServerRef? = nil,
        verifyPeerVersion: Bool = true,
        agentProtocol: KimiAgentProtocol = .wire
    ) throws -> KimiScriptedHarness {
        guard let path = environment["KIMI_CLI_PATH"], !path.isEmpty else {
            throw ConformanceSetupError(
                "KIMI_CLI_PATH is not set, so the real Kimi CLI tests cannot run. Run them via `make test` "
                    + "(scripts/kimi-venv.sh builds the pinned kimi-cli \(KimiPin.cliVersion) and exports KIMI_CLI_PATH)."
            )
        }
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw ConformanceSetupError("KIMI_CLI_PATH=\(path) is not an executable file; run the tests via `make test`.")
        }
        return try KimiScriptedHarness(
            executable: URL(fileURLWithPath: path), mcpStdioServer: mcpStdioServer, verifyPeerVersion: verifyPeerVersion,
            agentProtocol: agentProtocol
        )
    }

    /// The CLI configuration: telemetry off, a `_scripted_echo` provider reading
    /// ``scriptsFile``, and the two model aliases.
    public var cliConfigJSON: String {
        let config: [String: Any] = [
            "default_model": model,
            "telemetry": false,
            "models": [
                model: [
                    "provider": "scripted", "model": "scripted_echo", "max_context_size": 100_000,
                    "capabilities": ["image_in", "thinking"],
                ],
                Self.textOnlyModel: [
                    "provider": "scripted", "model": "scripted_echo", "max_context_size": 100_000,
                    "capabilities": [String](),
                ],
            ],
            "providers": [
                "scripted": [
                    "type": "_scripted_echo", "base_url": "", "api_key": "",
                    "env": ["KIMI_SCRIPTED_ECHO_SCRIPTS": scriptsFile.path],
                ],
            ],
        ]
        let data = (try? JSONSerialization.data(withJSONObject: config, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// The same configuration as TOML, for `$KIMI_SHARE_DIR/config.toml` (ACP).
    public var cliConfigTOML: String {
        KimiCLIFiles.legacyConfigTOML(
            defaultModel: model,
            models: [(model, ["image_in", "thinking"]), (Self.textOnlyModel, [])],
            provider: ["type": "_scripted_echo", "base_url": "", "api_key": ""],
            providerEnvironment: ["KIMI_SCRIPTED_ECHO_SCRIPTS": scriptsFile.path],
            modelName: "scripted_echo"
        )
    }

    /// What the CLI reports: everything over wire, ``ConformanceTraits/kimiOverACP`` over ACP.
    public var traits: ConformanceTraits { agentProtocol == .acp ? .kimiOverACP : .full }

    /// The runtime configuration (offline: the API key is a dummy that satisfies the auth chain).
    public func configuration() -> KimiConfiguration {
        KimiConfiguration(
            executable: executable,
            apiKey: "offline-dummy-key",
            defaultModel: model,
            cliConfig: agentProtocol == .acp ? nil : .inline(cliConfigJSON),
            environment: [
                "KIMI_SHARE_DIR": shareDirectory.path,
                "HOME": homeDirectory.path,
                "KIMI_SCRIPTED_ECHO_SCRIPTS": scriptsFile.path,
            ],
            verifyPeerVersion: verifyPeerVersion,
            timeouts: timeouts,
            liveModelListing: false,
            agentProtocol: agentProtocol
        )
    }

    /// A ``KimiRuntime`` over this harness's state.
    public func makeKimiRuntime() -> KimiRuntime {
        KimiRuntime(configuration: configuration())
    }

    /// See ``ConformanceHarness/makeRuntime()``.
    public func makeRuntime() async throws -> any AgentRuntime {
        makeKimiRuntime()
    }

    /// Writes the `_scripted_echo` scripts for `steps` (one script per model call).
    public func script(_ steps: [ScriptedStep]) async throws {
        let scripts = try steps.enumerated().map { index, step in try Self.dsl(for: step, index: index) }
        let data = try JSONSerialization.data(withJSONObject: scripts)
        try data.write(to: scriptsFile, options: .atomic)
    }

    /// Removes the temporary directories.
    public func tearDown() {
        try? FileManager.default.removeItem(at: root)
    }

    /// The `_scripted_echo` DSL for one step.
    public static func dsl(for step: ScriptedStep, index: Int) throws -> String {
        let messageID = "msg-\(index + 1)-\(UUID().uuidString.prefix(8).lowercased())"
        switch step {
        case .reply(let chunks, let thinking, let usage):
            var lines = ["id: \(messageID)"]
            if let usage { lines.append("usage: \(try usageJSON(usage))") }
            if let thinking { lines.append("think: \(try quoted(thinking))") }
            for chunk in chunks { lines.append("text: \(try quoted(chunk))") }
            return lines.joined(separator: "\n")
        case .shellCommand(let command, let usage):
            var lines = ["id: \(messageID)"]
            if let usage { lines.append("usage: \(try usageJSON(usage))") }
            let arguments = try json(["command": command])
            lines.append("tool_call: \(try json(["id": "call-\(messageID)", "name": "Shell", "arguments": arguments]))")
            return lines.joined(separator: "\n")
        case .mcpToolCall(let tool, let argumentsJSON):
            return [
                "id: \(messageID)",
                "tool_call: \(try json(["id": "call-\(messageID)", "name": tool, "arguments": argumentsJSON]))",
            ].joined(separator: "\n")
        case .writeFile(let path, let content):
            let arguments = try json(["path": path, "content": content])
            return ["id: \(messageID)", "tool_call: \(try json(["id": "call-\(messageID)", "name": "WriteFile", "arguments": arguments]))"]
                .joined(separator: "\n")
        case .readFile(let path):
            let arguments = try json(["path": path])
            return ["id: \(messageID)", "tool_call: \(try json(["id": "call-\(messageID)", "name": "ReadFile", "arguments": arguments]))"]
                .joined(separator: "\n")
        case .providerError(let status):
            return "error: \(status) simulated provider failure"
        }
    }

    private static func quoted(_ text: String) throws -> String {
        guard !text.contains(where: \.isNewline) else {
            throw ConformanceSetupError("scripted text must be a single line: \(text)")
        }
        return "\"\(text)\""
    }

    private static func usageJSON(_ usage: TokenUsage) throws -> String {
        try json([
            "input_other": usage.inputOther, "output": usage.output,
            "input_cache_read": usage.inputCacheRead, "input_cache_creation": usage.inputCacheCreation,
        ])
    }

    private static func json(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }
}
