/// A remote's URL or path as configured, which may carry credentials in its userinfo
/// (`https://user:SECRET@host/…`). Its text forms — `description`, string interpolation, `Codable`
/// — never show them: the userinfo becomes `***` (`https://***@host/…`). Only libgit2 receives the
/// configured string, through `forLibgit2`; nothing else should read it.
public struct RemoteURL: Sendable, Hashable, CustomStringConvertible, Codable, ExpressibleByStringLiteral {
    private let raw: String

    /// Wraps a configured URL, path or remote name.
    public init(_ raw: String) { self.raw = raw }

    public init(stringLiteral value: String) { self.init(value) }

    /// The configured string, userinfo included: for libgit2 only.
    public var forLibgit2: String { raw }

    /// The URL with its userinfo masked (`https://***@host/…`); unchanged when it has none.
    public var description: String { RemoteURL.redactingUserinfo(in: raw) }

    /// Whether nothing is configured (`mirror.remote = ""`).
    public var isEmpty: Bool { raw.isEmpty }

    /// Whether it is a URL (`scheme://…` or scp-like `user@host:path`) rather than a path or name.
    public var isURL: Bool { raw.contains("://") || Credentials.host(of: raw) != nil }

    /// The lowercased scheme (`https`, `ssh`, `file`, …); `nil` for a path or an scp-like address.
    public var scheme: String? {
        guard let range = raw.range(of: "://") else { return nil }
        let scheme = raw[..<range.lowerBound]
        return scheme.isEmpty || !scheme.allSatisfy({ $0.isLetter || $0.isNumber || "+.-".contains($0) }) ? nil : scheme.lowercased()
    }

    /// The lowercased host, when it is a URL with one (never with userinfo).
    public var host: String? { Credentials.host(of: raw) }

    /// The configured string when it is a path or a remote name (which cannot hold credentials).
    public var pathOrName: String? { isURL ? nil : raw }

    /// `text` with this URL's configured form and the secret of its userinfo replaced, and any
    /// other URL's userinfo masked: for messages from libgit2 or a server that may quote it.
    public func redacting(_ text: String) -> String {
        var result = text
        if raw != description { result = result.replacingOccurrences(of: raw, with: description) }
        if let secret = userinfoSecret, secret.count >= 4 { result = result.replacingOccurrences(of: secret, with: "***") }
        return RemoteURL.redactingUserinfo(in: result)
    }

    /// The password of the userinfo, or the whole userinfo of an http(s) URL (a token alone).
    public var userinfoSecret: String? {
        guard let userinfo = RemoteURL.userinfo(of: raw) else { return nil }
        if let colon = userinfo.firstIndex(of: ":") { return String(userinfo[userinfo.index(after: colon)...]) }
        return RemoteURL.keepsUsername(scheme: scheme) ? nil : String(userinfo)
    }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    /// Encodes the masked form: JSON never holds the credentials.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    // MARK: - Masking userinfo in any text

    /// SSH user names (`ssh://git@host/…`) are not secrets; they are kept unless a password follows.
    static func keepsUsername(scheme: String?) -> Bool {
        guard let scheme else { return true }
        return scheme == "ssh" || scheme == "git+ssh" || scheme == "ssh+git"
    }

    /// The userinfo of `scheme://userinfo@host…`, if any.
    static func userinfo(of url: String) -> Substring? {
        guard let separator = url.range(of: "://") else { return nil }
        let authority = url[separator.upperBound...].prefix { !RemoteURL.endsAuthority($0) }
        guard let at = authority.lastIndex(of: "@") else { return nil }
        return authority[..<at]
    }

    static func endsAuthority(_ character: Character) -> Bool {
        character == "/" || character == "?" || character == "#" || character.isWhitespace || "'\"`<>".contains(character)
    }

    /// `text` with the userinfo of every `scheme://userinfo@host` in it replaced by `***` (an SSH
    /// user name without a password is kept).
    public static func redactingUserinfo(in text: String) -> String {
        guard text.contains("://") && text.contains("@") else { return text }
        var result = ""
        var rest = Substring(text)
        while let separator = rest.range(of: "://") {
            let schemeStart = rest[..<separator.lowerBound].lastIndex { !($0.isLetter || $0.isNumber || "+.-".contains($0)) }
                .map { rest.index(after: $0) } ?? rest.startIndex
            let scheme = String(rest[schemeStart..<separator.lowerBound]).lowercased()
            result += rest[..<separator.upperBound]
            rest = rest[separator.upperBound...]
            let authority = rest.prefix { !endsAuthority($0) }
            guard let at = authority.lastIndex(of: "@") else { continue }
            let userinfo = authority[..<at]
            if keepsUsername(scheme: scheme.isEmpty ? nil : scheme) && !userinfo.contains(":") {
                result += rest[..<at]
            } else {
                result += "***"
            }
            rest = rest[at...]
        }
        return result + rest
    }
}
