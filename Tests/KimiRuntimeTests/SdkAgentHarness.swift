import Foundation
import KimiConformance
import KimiRuntime

/// Runs the conformance suite over ACP against `Tests/Fixtures/kimi/sdk_acp_agent.py`, a minimal
/// agent on Zed's ACP Python SDK (its own venv, `scripts/acp-sdk-venv.sh`). Each harness has its
/// own temporary work directory, script file and session store.
final class SdkAgentHarness: ConformanceHarness {
    let model = "kimi-k2-thinking"
    let root: URL
    let workDirectory: URL
    let mcpStdioServer: McpServerRef?
    let mcpHttpServer: McpServerRef?
    let traits = ConformanceTraits(reportsTokenUsage: true, reportsRetries: false, modelToldOfDeferral: false)
    private let launcher: URL
    private let python: String
    private let scriptsFile: URL
    private let stateDirectory: URL

    /// - Parameter python: the SDK venv's python (`ACP_SDK_PYTHON`, set by `make test`).
    init(python: String, mcpHttpServer: McpServerRef? = nil) throws {
        root = try TestEnvironment.temporaryDirectory("sdk-agent")
        workDirectory = root.appendingPathComponent("work", isDirectory: true)
        stateDirectory = root.appendingPathComponent("state", isDirectory: true)
        scriptsFile = root.appendingPathComponent("scripts.json")
        for directory in [workDirectory, stateDirectory] {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        try Data("[]".utf8).write(to: scriptsFile)
        // Started as `sdk_acp_agent.py acp` (the agent ignores `acp`) through its `#!` line; it
        // re-runs itself under $SDK_AGENT_PYTHON. Not copied or wrapped: writing an executable
        // while other tests spawn processes can make `exec` fail with ETXTBSY.
        launcher = try TestEnvironment.fixtures().appendingPathComponent("sdk_acp_agent.py")
        self.python = python
        mcpStdioServer = try TestEnvironment.mcpEchoServer()
        self.mcpHttpServer = mcpHttpServer
    }

    /// The SDK venv's python from `ACP_SDK_PYTHON`; fails with instructions when it is not set.
    static func python() throws -> String {
        guard let path = ProcessInfo.processInfo.environment["ACP_SDK_PYTHON"], FileManager.default.isExecutableFile(atPath: path) else {
            throw TestEnvironment.SetupError(description:
                "ACP_SDK_PYTHON is not set to an executable: run the tests via `make test` (scripts/acp-sdk-venv.sh builds the venv)")
        }
        return path
    }

    func makeRuntime() async throws -> any AgentRuntime {
        KimiRuntime(configuration: KimiConfiguration(
            executable: launcher,
            environment: [
                "SDK_AGENT_SCRIPTS": scriptsFile.path, "SDK_AGENT_STATE_DIR": stateDirectory.path, "SDK_AGENT_PYTHON": python,
            ],
            timeouts: KimiConfiguration.Timeouts(startup: .seconds(60), idle: .seconds(60), turn: .seconds(120)),
            liveModelListing: false,
            agentProtocol: .acp
        ))
    }

    func script(_ steps: [ScriptedStep]) async throws {
        let json = try steps.map(Self.step)
        try JSONSerialization.data(withJSONObject: json).write(to: scriptsFile, options: .atomic)
    }

    func tearDown() {
        try? FileManager.default.removeItem(at: root)
    }

    private static func usageObject(_ usage: TokenUsage) -> [String: Int] {
        ["input": usage.inputOther, "output": usage.output, "cacheRead": usage.inputCacheRead, "cacheWrite": usage.inputCacheCreation]
    }

    private static func step(_ step: ScriptedStep) throws -> [String: Any] {
        switch step {
        case .reply(let chunks, let thinking, let usage):
            var object: [String: Any] = ["kind": "reply", "chunks": chunks]
            if let thinking { object["thinking"] = thinking }
            if let usage { object["usage"] = usageObject(usage) }
            return object
        case .shellCommand(let command, let usage):
            var object: [String: Any] = ["kind": "shell", "command": command]
            if let usage { object["usage"] = usageObject(usage) }
            return object
        case .mcpToolCall(let tool, let argumentsJSON):
            let arguments = try JSONSerialization.jsonObject(with: Data(argumentsJSON.utf8))
            return ["kind": "mcp", "tool": tool, "arguments": arguments]
        case .writeFile(let path, let content):
            return ["kind": "write", "path": path, "content": content]
        case .readFile(let path):
            return ["kind": "read", "path": path]
        case .providerError(let status):
            return ["kind": "error", "status": status]
        }
    }
}
