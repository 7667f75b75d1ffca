internal import Git

/// Which token goes where: each token is bound to its role, not only to a host (upstream and the
/// mirror are often on the same host). The callback in the Git layer adds the rest: only to the
/// host of the URL configured for the role, only over `https://`, never after a redirect elsewhere.
extension MirrorWorkspace {
    /// The variables that may hold the push token, in order: `RELEASE_MIRROR_TOKEN`, then the one
    /// named by `report.token-env`.
    var pushTokenVariables: [String] { ["RELEASE_MIRROR_TOKEN", configuration.report.tokenEnv] }

    /// Credentials for `mirror.remote` (listing, adopting from and pushing to the published mirror):
    /// the push token. `url` is the resolved `mirror.remote`.
    func mirrorCredentials(for url: RemoteURL) -> Credentials {
        let token = pushTokenVariables.lazy.compactMap { self.variable($0) }.first
        return Credentials(
            token: token, tokenHost: url.host, sshPrivateKey: variable("RELEASE_MIRROR_SSH_KEY"),
            missingTokenHint: "RELEASE_MIRROR_TOKEN (or \(configuration.report.tokenEnv), named by report.token-env) "
                + "to a token that may push to \(url)")
    }

    /// Credentials for `upstream.url`: a token only from the variable `upstream.token-env` names
    /// (never the push token, never the report token).
    func upstreamCredentials() -> Credentials {
        let name = configuration.upstream.tokenEnv
        let url = configuration.upstream.url
        let hint = name.isEmpty
            ? "upstream.token-env in \(configuration.file) to the NAME of a variable holding a read token for \(url)"
            : "\(name) (named by upstream.token-env) to a read token for \(url)"
        return Credentials(
            token: name.isEmpty ? nil : variable(name), tokenHost: url.host,
            sshPrivateKey: variable("RELEASE_MIRROR_SSH_KEY"), missingTokenHint: hint)
    }

    /// A non-empty environment variable.
    func variable(_ name: String) -> String? {
        environment.variables[name].flatMap { $0.isEmpty ? nil : $0 }
    }
}
