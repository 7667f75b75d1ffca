import Foundation

/// What the credentials callback may hand to libgit2. The token is given only to `tokenHost`
/// (checked on every request, so a redirect to another host gets nothing), only over `https://`
/// (never plain `http://`), and only over the user/password scheme; it is never written anywhere.
/// Which token a remote gets is the caller's decision, by the remote's role (upstream or mirror).
public struct Credentials: Sendable {
    /// A token for HTTPS (GitHub: a PAT or `GITHUB_TOKEN`).
    public var token: String?
    /// The user name sent with the token.
    public var tokenUsername: String
    /// The only host that may receive the token; `nil` means the host of the URL being contacted
    /// when the remote was opened.
    public var tokenHost: String?
    /// A private key file for SSH; when `nil`, the SSH agent is asked.
    public var sshPrivateKey: String?
    /// The key's passphrase, if any.
    public var sshPassphrase: String?
    /// How many times credentials are offered before giving up (libgit2 would otherwise ask again
    /// and again: up to 15 replays over HTTP, unbounded over SSH).
    public var maxAttempts: Int
    /// What the user should set when a server asks for credentials and there is no token for it,
    /// e.g. `RELEASE_MIRROR_TOKEN to a token that may push to it`.
    public var missingTokenHint: String?

    /// Credentials that offer nothing.
    public static let none = Credentials()

    /// Creates a value.
    public init(
        token: String? = nil, tokenUsername: String = "x-access-token", tokenHost: String? = nil,
        sshPrivateKey: String? = nil, sshPassphrase: String? = nil, maxAttempts: Int = 1, missingTokenHint: String? = nil
    ) {
        self.missingTokenHint = missingTokenHint
        self.token = token
        self.tokenUsername = tokenUsername
        self.tokenHost = tokenHost
        self.sshPrivateKey = sshPrivateKey
        self.sshPassphrase = sshPassphrase
        self.maxAttempts = maxAttempts
    }

    /// The host part of a URL (`https://host/…`, `ssh://user@host/…`, `user@host:path`), lowercased.
    public static func host(of url: String) -> String? {
        if let components = URLComponents(string: url), let host = components.host, !host.isEmpty {
            return host.lowercased()
        }
        // scp-like syntax: [user@]host:path
        guard !url.hasPrefix("/"), let colon = url.firstIndex(of: ":") else { return nil }
        var host = url[..<colon]
        if let at = host.lastIndex(of: "@") { host = host[host.index(after: at)...] }
        return host.isEmpty || host.contains("/") ? nil : host.lowercased()
    }
}

/// Progress of a fetch's pack transfer.
public struct TransferProgress: Sendable, Equatable {
    public var totalObjects: Int
    public var receivedObjects: Int
    public var indexedObjects: Int
    public var localObjects: Int
    public var totalDeltas: Int
    public var indexedDeltas: Int
    public var receivedBytes: Int
}

/// Progress of a push's pack upload.
public struct PushProgress: Sendable, Equatable {
    public var current: Int
    public var total: Int
    public var bytes: Int
}

/// A ref advertised by a remote (from `ls-remote`; includes `HEAD` and peeled `^{}` entries).
public struct RemoteHead: Hashable, Sendable {
    /// The advertised name.
    public let name: String
    /// The object it names.
    public let id: ObjectID
}
