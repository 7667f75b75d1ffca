/// The mirror repository a package names in `repository`, `homepage` and `bugs`. npm refuses a
/// provenance publish whose `repository.url` is not the repository that built it, so it comes from
/// `package.repository` or, under GitHub Actions, from `GITHUB_SERVER_URL`/`GITHUB_REPOSITORY`.
public struct PackageRepository: Sendable, Equatable {
    /// The URL as configured (or built from the environment).
    public var url: String
    /// Where it came from, for messages: `package.repository` or the environment.
    public var origin: String

    /// Creates a value.
    public init(url: String, origin: String) {
        self.url = url
        self.origin = origin
    }

    /// The repository from the settings, else from `GITHUB_SERVER_URL` + `GITHUB_REPOSITORY`; `nil` when neither.
    public static func resolve(configured: String?, environment: [String: String]) -> PackageRepository? {
        if let configured { return PackageRepository(url: configured, origin: "package.repository") }
        guard let server = building(environment) else { return nil }
        return PackageRepository(url: server, origin: "GITHUB_SERVER_URL/GITHUB_REPOSITORY")
    }

    /// The repository building this run under GitHub Actions (`https://github.com/owner/name`), if known.
    public static func building(_ environment: [String: String]) -> String? {
        guard let server = environment["GITHUB_SERVER_URL"], !server.isEmpty,
            let repository = environment["GITHUB_REPOSITORY"], !repository.isEmpty
        else { return nil }
        return (server.hasSuffix("/") ? String(server.dropLast()) : server) + "/" + repository
    }

    /// The form npm writes itself (`git+https://host/owner/name.git`), so `npm publish` needs no correction.
    public var manifestURL: String {
        guard url.hasPrefix("https://") || url.hasPrefix("http://") else { return url }
        return "git+" + url + (url.hasSuffix(".git") ? "" : ".git")
    }

    /// The repository's web page (`https://host/owner/name`), for an http(s) URL.
    public var webURL: String? {
        var web = url.hasPrefix("git+") ? String(url.dropFirst(4)) : url
        guard web.hasPrefix("https://") || web.hasPrefix("http://") else { return nil }
        if web.hasSuffix(".git") { web.removeLast(4) }
        if web.hasSuffix("/") { web.removeLast() }
        return web
    }

    /// Whether this is the same repository as `other` (compared by web page, case-insensitively).
    public func isSame(as other: String) -> Bool {
        guard let mine = webURL?.lowercased(), let theirs = PackageRepository(url: other, origin: "").webURL?.lowercased() else {
            return false
        }
        return mine == theirs
    }
}
