/// Why the credentials callback gave a server that asked for credentials no token (see
/// `Credentials`): the rules that bind a token to its host and to `https://`.
enum TokenDecline: Equatable {
    /// There is no token for this remote's role.
    case noToken(host: String)
    /// The URL is not `https://` (plain `http://` would send the token in the clear).
    case notHTTPS(url: String)
    /// The server is not the host the token is for (after a redirect, say).
    case otherHost(host: String, tokenHost: String)

    /// `nil` when the token may go to `url`; otherwise why not.
    static func decide(url: String, hasToken: Bool, tokenHost: String?) -> TokenDecline? {
        let host = Credentials.host(of: url) ?? "the server"
        guard url.lowercased().hasPrefix("https://") else { return .notHTTPS(url: RemoteURL.redactingUserinfo(in: url)) }
        guard hasToken else { return .noToken(host: host) }
        guard let tokenHost, host == tokenHost else { return .otherHost(host: host, tokenHost: tokenHost ?? "no host") }
        return nil
    }

    /// The error message: what asked, why nothing was sent, what to do.
    func message(hint: String?) -> String {
        switch self {
        case .noToken(let host):
            return "\(host) requires authentication; set \(hint ?? "a token for it")"
        case .notHTTPS(let url):
            return "\(Credentials.host(of: url) ?? url) requires authentication, and a token is never sent over plain "
                + "http:// (\(url)); use the repository's https:// URL"
        case let .otherHost(host, tokenHost):
            return "\(host) requires authentication, but the token is only ever sent to \(tokenHost) "
                + "(the host configured for this remote; a redirect to another host gets none)"
        }
    }
}
