/// What an ACP agent said about itself in its `initialize` answer.
public struct AcpAgentInfo: Sendable, Hashable {
    /// Which Kimi CLI (if any) the agent is, told apart by `agentInfo.version`: both call
    /// themselves "Kimi Code CLI".
    public enum Kind: String, Sendable, Hashable {
        /// The legacy Python kimi-cli (versions 1.x; ``KimiPin/cliVersion``).
        case legacyKimiCLI
        /// The maintained Kimi Code CLI (versions 0.x; ``KimiPin/acpReleases``).
        case maintainedKimiCLI
        /// Any other ACP agent.
        case other
    }

    /// `agentInfo.name` (empty when absent).
    public var name: String
    /// `agentInfo.version` (empty when absent).
    public var version: String
    /// The negotiated `protocolVersion`.
    public var protocolVersion: Int
    /// `agentCapabilities.loadSession`.
    public var loadSession: Bool
    /// `agentCapabilities.sessionCapabilities.resume` is present.
    public var resumeSession: Bool
    /// `agentCapabilities.promptCapabilities.image`.
    public var imagePrompts: Bool
    /// `agentCapabilities.mcpCapabilities.http`.
    public var mcpHTTP: Bool
    /// `agentCapabilities.mcpCapabilities.sse`.
    public var mcpSSE: Bool

    /// Creates agent information (capabilities default to none).
    public init(
        name: String, version: String, protocolVersion: Int = 1, loadSession: Bool = false, resumeSession: Bool = false,
        imagePrompts: Bool = false, mcpHTTP: Bool = false, mcpSSE: Bool = false
    ) {
        self.name = name
        self.version = version
        self.protocolVersion = protocolVersion
        self.loadSession = loadSession
        self.resumeSession = resumeSession
        self.imagePrompts = imagePrompts
        self.mcpHTTP = mcpHTTP
        self.mcpSSE = mcpSSE
    }

    /// The agent's name used for Kimi CLIs.
    public static let kimiAgentName = "Kimi Code CLI"

    /// Which CLI this is.
    public var kind: Kind {
        guard name == Self.kimiAgentName, let major = version.split(separator: ".").first.flatMap({ Int($0) }) else {
            return .other
        }
        return major >= 1 ? .legacyKimiCLI : .maintainedKimiCLI
    }

    /// Parses an `initialize` result.
    static func parse(_ result: JSONValue) -> AcpAgentInfo {
        let capabilities = result["agentCapabilities"]
        let session = capabilities?["sessionCapabilities"]
        return AcpAgentInfo(
            name: result["agentInfo"]?["name"]?.stringValue ?? "",
            version: result["agentInfo"]?["version"]?.stringValue ?? "",
            protocolVersion: result["protocolVersion"]?.intValue ?? 0,
            loadSession: capabilities?["loadSession"]?.boolValue ?? false,
            resumeSession: session?["resume"].map { !$0.isNull } ?? false,
            imagePrompts: capabilities?["promptCapabilities"]?["image"]?.boolValue ?? false,
            mcpHTTP: capabilities?["mcpCapabilities"]?["http"]?.boolValue ?? false,
            mcpSSE: capabilities?["mcpCapabilities"]?["sse"]?.boolValue ?? false
        )
    }

    /// Whether the agent connects to MCP servers over `transport` (stdio is part of ACP itself).
    func accepts(_ transport: McpServerRef.Transport) -> Bool {
        switch transport {
        case .stdio: return true
        case .http: return mcpHTTP
        case .sse: return mcpSSE
        }
    }

    /// `nil` when the pin accepts this agent, else why not (for ``RuntimeError/protocol(_:)``).
    func pinViolation() -> String? {
        switch kind {
        case .legacyKimiCLI:
            if version == KimiPin.cliVersion { return nil }
            return "the legacy Kimi CLI reports version \(version), but KimiRuntime is pinned to kimi-cli \(KimiPin.cliVersion)"
        case .maintainedKimiCLI:
            if KimiPin.acpReleases.contains(version) { return nil }
            return "Kimi Code CLI \(version) is not among the releases KimiRuntime accepts over ACP "
                + "(\(KimiPin.acpReleases.joined(separator: ", ")))"
        case .other:
            return nil
        }
    }
}
