import Foundation
import Git
import Testing

/// `RemoteURL`: every text form masks the credentials a URL carries; only `forLibgit2` has them.
@Suite struct RemoteURLTests {
    static let secret = "hunter2-S3CRET-token"

    @Test(arguments: [
        ("https://x-access-token:\(secret)@github.com/a/b.git", "https://***@github.com/a/b.git"),
        ("https://\(secret)@github.com/a/b.git", "https://***@github.com/a/b.git"),
        ("HTTP://user:\(secret)@127.0.0.1:8080/git/up.git?x=1", "HTTP://***@127.0.0.1:8080/git/up.git?x=1"),
        ("ssh://git:\(secret)@example.com/a.git", "ssh://***@example.com/a.git"),
        ("https://user:p@ss\(secret)@host/x", "https://***@host/x"),
    ])
    func everyTextFormMasksTheUserinfo(raw: String, shown: String) throws {
        let url = RemoteURL(raw)
        #expect(url.description == shown)
        #expect("\(url)" == shown)
        #expect(String(describing: url) == shown)
        let json = String(decoding: try JSONEncoder().encode(["url": url]), as: UTF8.self)
        #expect(!json.contains(Self.secret) && json.contains("***@"), "\(json)")
        #expect(url.forLibgit2 == raw, "libgit2 gets the configured string")
        let secret = try #require(url.userinfoSecret)
        #expect(!url.redacting("fatal: could not read from '\(raw)': password \(secret)").contains(Self.secret))
    }

    @Test(arguments: [
        "ssh://git@github.com/a/b.git", "git@github.com:a/b.git", "https://github.com/a/b.git", "/srv/up.git", "origin", "",
    ])
    func urlsWithoutASecretAreShownAsConfigured(raw: String) {
        #expect(RemoteURL(raw).description == raw)
        #expect(RemoteURL(raw).userinfoSecret == nil)
    }

    @Test func textWithManyURLsIsMaskedEverywhere() {
        let text = "push to 'https://a:\(Self.secret)@h1/x' failed; then http://\(Self.secret)@h2:1/y and ssh://git@h3/z"
        let masked = RemoteURL.redactingUserinfo(in: text)
        #expect(masked == "push to 'https://***@h1/x' failed; then http://***@h2:1/y and ssh://git@h3/z")
    }

    @Test func hostAndSchemeComeWithoutUserinfo() {
        let url = RemoteURL("https://user:\(Self.secret)@Example.COM:443/a.git")
        #expect(url.host == "example.com")
        #expect(url.scheme == "https")
        #expect(url.isURL && url.pathOrName == nil)
        #expect(RemoteURL("../origin.git").pathOrName == "../origin.git")
    }
}
