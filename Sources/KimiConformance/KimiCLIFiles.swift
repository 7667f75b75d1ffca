import Foundation

/// Writes the files a Kimi CLI reads at start in ACP mode, where it takes no configuration on
/// its command line: the legacy kimi-cli reads `$KIMI_SHARE_DIR/config.toml` and demands a
/// stored login (`$KIMI_SHARE_DIR/credentials/kimi-code.json`) before `session/new`; the
/// maintained Kimi Code CLI reads `$KIMI_CODE_HOME/config.toml`.
public enum KimiCLIFiles {
    /// A TOML config: `defaultModel`, one model per entry of `models` (alias and capabilities),
    /// all on provider `p` with `provider`'s keys and `providerEnvironment`.
    public static func legacyConfigTOML(
        defaultModel: String,
        models: [(alias: String, capabilities: [String])],
        provider: [String: String],
        providerEnvironment: [String: String] = [:],
        modelName: String
    ) -> String {
        var lines = ["default_model = \(quoted(defaultModel))", "telemetry = false", ""]
        for (alias, capabilities) in models {
            lines.append("[models.\(quoted(alias))]")
            lines.append("provider = \"p\"")
            lines.append("model = \(quoted(modelName))")
            lines.append("max_context_size = 100000")
            lines.append("capabilities = [\(capabilities.map(quoted).joined(separator: ", "))]")
            lines.append("")
        }
        lines.append("[providers.p]")
        for (key, value) in provider.sorted(by: { $0.key < $1.key }) { lines.append("\(key) = \(quoted(value))") }
        if !providerEnvironment.isEmpty {
            lines.append("")
            lines.append("[providers.p.env]")
            for (key, value) in providerEnvironment.sorted(by: { $0.key < $1.key }) { lines.append("\(key) = \(quoted(value))") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes `config.toml` and a dummy, unexpired stored login (never sent anywhere by an
    /// offline provider) into the legacy CLI's share directory.
    public static func writeLegacyACPFiles(shareDirectory: URL, configTOML: String) throws {
        try Data(configTOML.utf8).write(to: shareDirectory.appendingPathComponent("config.toml"))
        let credentials = shareDirectory.appendingPathComponent("credentials", isDirectory: true)
        try FileManager.default.createDirectory(at: credentials, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let expires = Int(Date().timeIntervalSince1970) + 365 * 24 * 3600
        let login = """
            {"access_token": "offline-dummy", "refresh_token": "offline-dummy", "expires_at": \(expires), \
            "scope": "x", "token_type": "Bearer", "expires_in": 31536000}
            """
        try Data(login.utf8).write(to: credentials.appendingPathComponent("kimi-code.json"))
    }

    /// A TOML basic string.
    static func quoted(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\t": escaped += "\\t"
            default:
                if scalar.value < 0x20 { escaped += String(format: "\\u%04X", scalar.value) } else { escaped.unicodeScalars.append(scalar) }
            }
        }
        return "\"\(escaped)\""
    }
}
