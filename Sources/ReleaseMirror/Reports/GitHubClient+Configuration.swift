import Foundation

extension GitHubClient {
    /// The client for `report.github-repository`, or `nil` when it is empty. The API root is
    /// `GITHUB_API_URL` (default `https://api.github.com`); the token comes from
    /// `RELEASE_MIRROR_TOKEN`, else the variable named by `report.token-env`.
    /// - Parameter purpose: what cannot happen without a token, for the error (`"no issue can be filed"`).
    /// - Throws: `MirrorError.configuration` when the repository is set but no token is available
    ///   or `GITHUB_API_URL` is unusable (plain http only to a loopback host).
    static func make(
        configuration: Configuration, variables: [String: String], redactor: Redactor, retry: RetryPolicy,
        purpose: String
    ) throws(MirrorError) -> GitHubClient? {
        let repository = configuration.report.githubRepository
        guard !repository.isEmpty else { return nil }
        let tokenEnv = configuration.report.tokenEnv
        guard
            let token = variables["RELEASE_MIRROR_TOKEN"].flatMap({ $0.isEmpty ? nil : $0 })
                ?? variables[tokenEnv].flatMap({ $0.isEmpty ? nil : $0 })
        else {
            throw .configuration(
                file: configuration.file, line: 0, key: "report.github-repository",
                message: "is \"\(repository)\" but neither RELEASE_MIRROR_TOKEN nor \(tokenEnv) (report.token-env) is set; "
                    + "\(purpose) (set the token, or set report.github-repository = \"\")")
        }
        let api = variables["GITHUB_API_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? "https://api.github.com"
        guard let url = URL(string: api), let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased() else {
            throw .configuration(
                file: configuration.file, line: 0, key: "GITHUB_API_URL",
                message: "\"\(api)\" is not a URL; unset it to use https://api.github.com")
        }
        let loopback = ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host)
        guard scheme == "https" || (scheme == "http" && loopback) else {
            throw .configuration(
                file: configuration.file, line: 0, key: "GITHUB_API_URL",
                message: "\"\(api)\" is not https; the token is never sent in the clear (plain http is allowed only to a loopback host)")
        }
        return GitHubClient(baseURL: url, token: token, policy: retry, redactor: redactor)
    }
}
