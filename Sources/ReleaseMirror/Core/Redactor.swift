internal import Git

/// Replaces every secret value with `***` in text that leaves the process (messages, logs,
/// reports, JSON), and masks the userinfo of every URL in it (`https://***@host/…`). Built once
/// from the environment and the configuration, applied at every output boundary.
public struct Redactor: Sendable {
    private let secrets: [String]

    /// Creates a redactor for these values (values shorter than 4 characters are ignored: they
    /// would redact ordinary text and cannot be real tokens).
    public init(secrets: [String]) {
        self.secrets = Array(Set(secrets.filter { $0.count >= 4 })).sorted { $0.count > $1.count }
    }

    /// The secrets release-mirror itself may hold: `RELEASE_MIRROR_TOKEN` and the variable named
    /// by `report.token-env` (default `GITHUB_TOKEN`).
    public init(environment: [String: String], tokenEnv: String?) {
        var values: [String] = []
        for name in ["RELEASE_MIRROR_TOKEN", "GITHUB_TOKEN", "GH_TOKEN", tokenEnv].compactMap({ $0 }) {
            if let value = environment[name] { values.append(value) }
        }
        self.init(secrets: values)
    }

    /// The secrets of a configuration: every token variable (the push token, `report.token-env`,
    /// `upstream.token-env`) and the credentials written into `upstream.url` or `mirror.remote`.
    public init(environment: [String: String], configuration: Configuration) {
        var values: [String] = []
        let names = ["RELEASE_MIRROR_TOKEN", "GITHUB_TOKEN", "GH_TOKEN", configuration.report.tokenEnv, configuration.upstream.tokenEnv]
        for name in names where !name.isEmpty {
            if let value = environment[name] { values.append(value) }
        }
        values += [configuration.upstream.url, configuration.mirror.remote].compactMap(\.userinfoSecret)
        self.init(secrets: values)
    }

    /// `text` with every secret replaced by `***` and every URL's userinfo masked.
    public func redact(_ text: String) -> String {
        var result = RemoteURL.redactingUserinfo(in: text)
        for secret in secrets where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: "***")
        }
        return result
    }

    /// Whether `text` contains a secret.
    public func containsSecret(_ text: String) -> Bool { secrets.contains { text.contains($0) } }
}
