import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The Kimi coding agent behind the provider-neutral ``AgentRuntime`` protocol.
///
/// Sessions run the Kimi CLI (``KimiPin/cliVersion``) as a subprocess over the Kimi Wire
/// protocol (JSON-RPC 2.0 over stdio, ``KimiPin/wireProtocolVersion``). Before the first start
/// the runtime runs `kimi info --json` and refuses a CLI of other versions unless
/// ``KimiConfiguration/verifyPeerVersion`` is `false`.
///
/// ```swift
/// let runtime = KimiRuntime(configuration: KimiConfiguration(apiKey: "sk-…"))
/// let session = try await runtime.makeSession(SessionOptions(model: "kimi-k2-thinking"))
/// let result = try await session.execute("Summarise README.md")
/// await session.close()
/// ```
public final class KimiRuntime: AgentRuntime {
    /// The provider id, `kimi`.
    public static let provider = "kimi"
    /// The API base URL used when neither the configuration nor `KIMI_BASE_URL` sets one.
    public static let defaultBaseURL = "https://api.moonshot.ai/v1"

    /// What each ``Feature`` does in a ``KimiSession`` over wire (static; independent of the model).
    /// See ``featureSupport(for:)`` for ACP.
    public static let featureSupport: [Feature: Bool] = [
        .structuredOutput: false,
        .streaming: true,
        .cancel: true,
        .steer: true,
        .sessionResume: true,
        .reasoningEffort: true,
        .reasoningBudgetTokens: false,
        .visionInput: true,
        .fileInput: false,
        .permissionCallback: true,
        .mcpStdio: true,
        .mcpHttp: true,
        .mcpSse: true,
        .functionTools: false,
        .lifecycleHooks: true,
        .budgetUSDCap: true,
        .budgetTurnCap: true,
    ]

    /// The configuration.
    public let configuration: KimiConfiguration
    let environment: [String: String]
    private let versionGate = PeerVersionGate()

    /// Creates a runtime.
    /// - Parameters:
    ///   - configuration: how to find, configure and supervise the CLI.
    ///   - environment: the environment the CLI inherits and the `KIMI_*` fallbacks are read
    ///     from (default: this process's).
    public init(
        configuration: KimiConfiguration = KimiConfiguration(),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.configuration = configuration
        self.environment = environment
    }

    // MARK: - AgentRuntime

    /// `kimi`.
    public var providerID: String { Self.provider }

    /// Accepts Kimi model ids: `kimi-` followed by lowercase letters, digits, `.`, `_` or `-`.
    public func validate(model: String) throws {
        let suffix = model.dropFirst("kimi-".count)
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789._-")
        guard model.hasPrefix("kimi-"), let first = suffix.first, first.isLetter || first.isNumber,
            suffix.allSatisfy({ allowed.contains($0) })
        else {
            throw RuntimeError.invalidRequest("'\(model)' is not a Kimi model id (expected kimi-…)")
        }
    }

    /// The provider's models (when ``KimiConfiguration/liveModelListing`` is on, credentials
    /// resolve and no ``KimiConfiguration/cliConfig`` is set), else the curated catalogue.
    /// Prices come from the in-tree table either way.
    public func listModels() async throws -> [ModelInfo] {
        guard configuration.liveModelListing, configuration.cliConfig == nil, let key = try? resolvedAPIKey() else {
            return KimiModelCatalog.fallback
        }
        return await fetchModels(apiKey: key) ?? KimiModelCatalog.fallback
    }

    /// What sessions of this runtime do: ``featureSupport(for:)`` of the configured protocol;
    /// with automatic detection, only what both protocols do.
    public func supports(_ feature: Feature) -> Bool {
        guard let chosen = configuration.agentProtocol else {
            return KimiAgentProtocol.allCases.allSatisfy { Self.featureSupport(for: $0)[feature] ?? false }
        }
        return Self.featureSupport(for: chosen)[feature] ?? false
    }

    /// Starts a new session over the configured (or detected) protocol: a ``KimiSession`` over
    /// wire, an ``AcpSession`` over ACP.
    public func startSession(_ options: SessionOptions) async throws -> any AgentSession {
        if try await resolvedProtocol() == .acp { return try await makeAcpSession(options) }
        return try await makeSession(options)
    }

    /// Resumes a session over the configured (or detected) protocol.
    public func resumeSession(id: String, options: SessionOptions) async throws -> any AgentSession {
        if try await resolvedProtocol() == .acp { return try await resumeAcpSession(id: id, options: options) }
        return try await resume(sessionID: id, options: options)
    }

    // MARK: - Sessions

    /// Starts a new wire session with a fresh id and its CLI process.
    /// - Throws: ``RuntimeError`` — invalid options, unsupported features, missing credentials,
    ///   an unverified CLI, or a CLI that fails to start.
    public func makeSession(_ options: SessionOptions = SessionOptions()) async throws -> KimiSession {
        try await openSession(id: UUID().uuidString.lowercased(), options: options, resuming: false)
    }

    /// Continues session `sessionID` in a new CLI process (its history is replayed from the CLI's
    /// session store under the same work directory).
    /// - Throws: ``RuntimeError/invalidRequest(_:)`` when there is no such session with history.
    public func resume(sessionID: String, options: SessionOptions = SessionOptions()) async throws -> KimiSession {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        guard !sessionID.isEmpty, sessionID != ".", sessionID != "..", sessionID.allSatisfy({ allowed.contains($0) }) else {
            throw RuntimeError.invalidRequest("'\(sessionID)' is not a valid session id")
        }
        return try await openSession(id: sessionID, options: options, resuming: true)
    }

    private func openSession(id: String, options: SessionOptions, resuming: Bool) async throws -> KimiSession {
        let (plan, scratch) = try launchPlan(for: options)
        let session = KimiSession(
            id: id, model: plan.model, plan: plan, options: options, runtime: self, scratchDirectory: scratch
        )
        do {
            try await session.start(resuming: resuming)
        } catch {
            await session.close()
            throw error
        }
        return session
    }

    /// Validates `options` and works out how to start the CLI for them.
    func launchPlan(for options: SessionOptions) throws -> (KimiLaunchPlan, URL?) {
        try Self.validateCommonOptions(options)
        let explicitModel = options.model ?? configuration.defaultModel
        let model = explicitModel ?? resolvedDefaultModel()
        try validate(model: model)
        try Self.validateBudgetCap(options.maxBudgetUSD, model: model)
        let mcpJSON = options.mcpServers.isEmpty ? nil : try KimiMcpConfig.json(for: options.mcpServers)
        let apiKey = try resolvedAPIKey()
        let executable = try resolvedExecutable()
        let workDirectory = try canonicalWorkDirectory(options.workDirectory)

        var childEnvironment = environmentForCLI()
        let (configArguments, modelArgument) = try cliConfigArguments(model: model, explicitModel: explicitModel)
        if configuration.cliConfig == nil { childEnvironment["KIMI_API_KEY"] = apiKey }
        let scratch = try mcpJSON.map(Self.writeMcpScratch)

        let plan = KimiLaunchPlan(
            executable: executable,
            workDirectory: workDirectory,
            model: model,
            modelArgument: modelArgument,
            configArguments: configArguments,
            yolo: options.yolo,
            mcpConfigFile: scratch?.file,
            maxStepsPerTurn: configuration.maxStepsPerTurn,
            maxRetriesPerStep: configuration.maxRetriesPerStep,
            environment: childEnvironment
        )
        return (plan, scratch?.directory)
    }

    /// The CLI's configuration arguments and its `--model` value: the configured
    /// ``KimiConfiguration/cliConfig`` (model only when chosen explicitly), else a generated
    /// configuration for `model` (whose API key the environment carries).
    private func cliConfigArguments(model: String, explicitModel: String?) throws -> ([String], String?) {
        switch configuration.cliConfig {
        case .inline(let text)?:
            return (["--config", text], explicitModel)
        case .file(let url)?:
            return (["--config-file", url.path], explicitModel)
        case nil:
            let generated = KimiLaunchPlan.generatedConfig(model: model, baseURL: resolvedBaseURL())
            return (["--config", try generated.serialized()], model)
        }
    }

    /// Writes the MCP configuration `json` into a new owner-only temporary directory.
    private static func writeMcpScratch(_ json: String) throws -> (directory: URL, file: String) {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("kimi-runtime-\(UUID().uuidString.lowercased())", isDirectory: true)
        do {
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]
            )
            let file = directory.appendingPathComponent("mcp.json")
            // The file may carry bearer tokens: owner-only.
            guard FileManager.default.createFile(
                atPath: file.path, contents: Data(json.utf8), attributes: [.posixPermissions: 0o600]
            ) else {
                throw RuntimeError.invalidRequest("cannot write the MCP configuration to \(file.path)")
            }
            return (directory, file.path)
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error as? RuntimeError ?? RuntimeError.invalidRequest("cannot write the MCP configuration: \(error)")
        }
    }

    // MARK: - Resolution chains

    /// The API key: ``KimiConfiguration/apiKey``, then `KIMI_API_KEY`.
    /// - Throws: ``RuntimeError/auth(_:)`` when neither is set.
    public func resolvedAPIKey() throws -> String {
        if let key = configuration.apiKey?.trimmingCharacters(in: .whitespacesAndNewlines), !key.isEmpty { return key }
        if let key = environment["KIMI_API_KEY"]?.trimmingCharacters(in: .whitespacesAndNewlines), !key.isEmpty { return key }
        throw RuntimeError.auth("no Kimi API key: set KimiConfiguration.apiKey or the KIMI_API_KEY environment variable")
    }

    /// The API base URL: ``KimiConfiguration/baseURL``, then `KIMI_BASE_URL`, then
    /// ``defaultBaseURL``.
    public func resolvedBaseURL() -> String {
        if let url = configuration.baseURL, !url.isEmpty { return url }
        if let url = environment["KIMI_BASE_URL"], !url.isEmpty { return url }
        return Self.defaultBaseURL
    }

    /// The default model: ``KimiConfiguration/defaultModel``, then `KIMI_MODEL_NAME`, then
    /// ``KimiModelCatalog/defaultModel``.
    public func resolvedDefaultModel() -> String {
        if let model = configuration.defaultModel, !model.isEmpty { return model }
        if let model = environment["KIMI_MODEL_NAME"], !model.isEmpty { return model }
        return KimiModelCatalog.defaultModel
    }

    /// The `kimi` executable: ``KimiConfiguration/executable``, then `KIMI_CLI_PATH`, then
    /// `kimi` on `PATH`.
    public func resolvedExecutable() throws -> String {
        let fileManager = FileManager.default
        if let url = configuration.executable {
            guard fileManager.isExecutableFile(atPath: url.path) else {
                throw RuntimeError.invalidRequest("the Kimi CLI at \(url.path) does not exist or is not executable")
            }
            return url.path
        }
        if let path = environment["KIMI_CLI_PATH"], !path.isEmpty {
            guard fileManager.isExecutableFile(atPath: path) else {
                throw RuntimeError.invalidRequest("KIMI_CLI_PATH=\(path) does not exist or is not executable")
            }
            return path
        }
        for directory in (environment["PATH"] ?? "").split(separator: ":") where !directory.isEmpty {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("kimi").path
            if fileManager.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw RuntimeError.invalidRequest(
            "no kimi executable: set KimiConfiguration.executable or KIMI_CLI_PATH, or put kimi (kimi-cli \(KimiPin.cliVersion)) on PATH"
        )
    }

    func canonicalWorkDirectory(_ url: URL?) throws -> String {
        let path = url?.path ?? FileManager.default.currentDirectoryPath
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw RuntimeError.invalidRequest("the work directory \(path) does not exist")
        }
        // The CLI keys its session store by the work directory's path: use one spelling.
        return URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
    }

    // MARK: - Version pin

    /// The versions the CLI reports (`kimi info --json`), cached per executable.
    public func peerVersion() async throws -> KimiPeerVersion {
        return try await probeVersion(executable: try resolvedExecutable(), environment: environmentForCLI())
    }

    /// Refuses an unverified CLI unless the configuration opts out.
    func verifyPeer(executable: String, environment: [String: String]) async throws {
        guard configuration.verifyPeerVersion else { return }
        let version = try await probeVersion(executable: executable, environment: environment)
        guard version.isPinned else {
            throw RuntimeError.protocol(
                "the Kimi CLI at \(executable) is version \(version.cliVersion) (wire protocol \(version.wireProtocolVersion)), "
                    + "but KimiRuntime is pinned to Kimi CLI \(KimiPin.cliVersion) (wire protocol \(KimiPin.wireProtocolVersion)); "
                    + "install kimi-cli==\(KimiPin.cliVersion) or set KimiConfiguration.verifyPeerVersion = false"
            )
        }
    }

    func probeVersion(executable: String, environment: [String: String]) async throws -> KimiPeerVersion {
        let timeout = configuration.timeouts.startup
        return try await versionGate.version(for: executable) {
            let process = try await ChildProcess.launch(executable: executable, arguments: ["info", "--json"], environment: environment)
            var lines: [String] = []
            let collector = Task {
                var collected: [String] = []
                for await item in process.output {
                    if case .line(let line) = item { collected.append(line) }
                }
                return collected
            }
            guard let exit = await process.waitForExit(timeout: timeout) else {
                await process.terminate(grace: .zero)
                collector.cancel()
                throw RuntimeError.timeout("`\(executable) info --json` did not finish within \(timeout)")
            }
            lines = await collector.value
            let output = lines.joined(separator: "\n")
            guard let version = KimiPeerVersion.parse(infoOutput: output) else {
                let shown = output.isEmpty ? process.stderrTail : output
                throw RuntimeError.protocol(
                    "`\(executable) info --json` (exit \(exit.exitCode.map(String.init) ?? "signal \(exit.signal ?? 0)")) "
                        + "did not report Kimi CLI versions: \(KimiSession.excerpt(shown.trimmingCharacters(in: .whitespacesAndNewlines))); "
                        + "KimiRuntime is pinned to Kimi CLI \(KimiPin.cliVersion) (wire protocol \(KimiPin.wireProtocolVersion))"
                )
            }
            return version
        }
    }

    // MARK: - Live model list

    private func fetchModels(apiKey: String) async -> [ModelInfo]? {
        guard let url = URL(string: resolvedBaseURL().trimmingCharacters(in: CharacterSet(charactersIn: "/")) + "/models") else {
            return nil
        }
        var request = URLRequest(url: url, timeoutInterval: 10)
        request.setValue("Bearer \(apiKey)", forHTTPHeaderField: "Authorization")
        guard let (data, response) = try? await URLSession.shared.data(for: request),
            (response as? HTTPURLResponse)?.statusCode == 200,
            let document = try? JSONDecoder().decode(JSONValue.self, from: data),
            let entries = document["data"]?.arrayValue
        else { return nil }
        let ids = entries.compactMap { $0["id"]?.stringValue }.filter { (try? validate(model: $0)) != nil }
        guard !ids.isEmpty else { return nil }
        return ids.sorted().map { id in
            KimiModelCatalog.info(for: id) ?? ModelInfo(id: id, displayName: id, pricing: KimiModelCatalog.pricing(for: id))
        }
    }
}
