import Foundation

/// How a ``KimiRuntime`` finds, configures and supervises the Kimi CLI.
public struct KimiConfiguration: Sendable {
    /// A Kimi CLI configuration to use instead of the one the runtime generates.
    public enum CLIConfig: Sendable, Hashable {
        /// TOML or JSON text, passed with `--config`.
        case inline(String)
        /// A TOML or JSON file (`.json` is read as JSON), passed with `--config-file`.
        case file(URL)
    }

    /// Time limits. A limit that is hit ends the turn with ``RuntimeError/timeout(_:)`` and stops
    /// the CLI (the next turn starts a new one under the same session id).
    public struct Timeouts: Sendable, Hashable {
        /// From process start to the `initialize` answer; also bounds `replay` and `kimi info`.
        public var startup: Duration
        /// The longest a turn may go without a message from the CLI, not counting time spent in
        /// the permission callback; `nil` for no limit.
        public var idle: Duration?
        /// The longest a turn may take; `nil` for no limit.
        public var turn: Duration?
        /// How long a cancelled turn may take to wind down before the CLI is killed.
        public var cancelGrace: Duration
        /// How long the CLI may take to exit after its stdin closes before it is signalled.
        public var shutdownGrace: Duration

        /// Creates time limits.
        public init(
            startup: Duration = .seconds(60),
            idle: Duration? = .seconds(600),
            turn: Duration? = nil,
            cancelGrace: Duration = .seconds(10),
            shutdownGrace: Duration = .seconds(3)
        ) {
            self.startup = startup
            self.idle = idle
            self.turn = turn
            self.cancelGrace = cancelGrace
            self.shutdownGrace = shutdownGrace
        }
    }

    /// The `kimi` executable; `nil` uses `KIMI_CLI_PATH`, then `kimi` on `PATH`.
    public var executable: URL?
    /// The API key; `nil` uses `KIMI_API_KEY`. Without either, sessions fail with
    /// ``RuntimeError/auth(_:)``.
    public var apiKey: String?
    /// The API base URL; `nil` uses `KIMI_BASE_URL`, then ``KimiRuntime/defaultBaseURL``.
    public var baseURL: String?
    /// The default model; `nil` uses `KIMI_MODEL_NAME`, then ``KimiModelCatalog/defaultModel``.
    public var defaultModel: String?
    /// A CLI configuration replacing the generated one (e.g. an offline test provider). With it,
    /// model ids are aliases of that configuration and the API key is not passed to the CLI.
    public var cliConfig: CLIConfig?
    /// Extra environment for the CLI (e.g. `KIMI_SHARE_DIR`, `HOME`), over the inherited one.
    public var environment: [String: String]
    /// Check the CLI's versions against ``KimiPin`` before starting it, and refuse others.
    public var verifyPeerVersion: Bool
    /// Time limits.
    public var timeouts: Timeouts
    /// Ask the provider's `/models` endpoint in ``KimiRuntime/listModels()`` (falls back to the
    /// curated catalogue on any failure). Never done with a ``cliConfig``.
    public var liveModelListing: Bool
    /// `--max-steps-per-turn` for the CLI.
    public var maxStepsPerTurn: Int?
    /// `--max-retries-per-step` for the CLI.
    public var maxRetriesPerStep: Int?
    /// The protocol to speak; `nil` detects it from the CLI: a CLI that answers
    /// `kimi info --json` (the legacy kimi-cli) is driven over wire, any other over ACP.
    public var agentProtocol: KimiAgentProtocol?

    /// Creates a configuration.
    public init(
        executable: URL? = nil,
        apiKey: String? = nil,
        baseURL: String? = nil,
        defaultModel: String? = nil,
        cliConfig: CLIConfig? = nil,
        environment: [String: String] = [:],
        verifyPeerVersion: Bool = true,
        timeouts: Timeouts = Timeouts(),
        liveModelListing: Bool = true,
        maxStepsPerTurn: Int? = nil,
        maxRetriesPerStep: Int? = nil,
        agentProtocol: KimiAgentProtocol? = nil
    ) {
        self.executable = executable
        self.apiKey = apiKey
        self.baseURL = baseURL
        self.defaultModel = defaultModel
        self.cliConfig = cliConfig
        self.environment = environment
        self.verifyPeerVersion = verifyPeerVersion
        self.timeouts = timeouts
        self.liveModelListing = liveModelListing
        self.maxStepsPerTurn = maxStepsPerTurn
        self.maxRetriesPerStep = maxRetriesPerStep
        self.agentProtocol = agentProtocol
    }
}
