/// The versions a Kimi CLI reports with `kimi info --json`.
public struct KimiPeerVersion: Sendable, Hashable {
    /// `kimi_cli_version`.
    public var cliVersion: String
    /// `wire_protocol_version`.
    public var wireProtocolVersion: String

    /// Creates a version pair.
    public init(cliVersion: String, wireProtocolVersion: String) {
        self.cliVersion = cliVersion
        self.wireProtocolVersion = wireProtocolVersion
    }

    /// The pinned versions (``KimiPin``).
    public static let pinned = KimiPeerVersion(cliVersion: KimiPin.cliVersion, wireProtocolVersion: KimiPin.wireProtocolVersion)

    /// Parses the output of `kimi info --json`; `nil` when it is not that JSON (a deprecation
    /// banner, another CLI's usage text).
    public static func parse(infoOutput: String) -> KimiPeerVersion? {
        for line in infoOutput.split(whereSeparator: \.isNewline).reversed() {
            guard let value = try? JSONValue.parse(line),
                let cli = value["kimi_cli_version"]?.stringValue,
                let wire = value["wire_protocol_version"]?.stringValue
            else { continue }
            return KimiPeerVersion(cliVersion: cli, wireProtocolVersion: wire)
        }
        return nil
    }

    /// Whether these are the pinned versions.
    public var isPinned: Bool { self == .pinned }
}
