import Foundation
import Git
import Testing
import TestSupport

@Suite struct RemoteTests {
    @Test func listsRemoteRefsWithoutFetching() throws {
        let tmp = TemporaryDirectory()
        let up = try Upstream.generate(at: tmp.url("up"), ["--commits", "20", "--releases", "4", "--unrelated", "2"])
        let mirror = try Repository.create(at: tmp.url("mirror.git"), bare: true)
        let heads = try Remote(repository: mirror, url: RemoteURL(up.path)).listReferences()
        let names = Set(heads.map(\.name))
        #expect(names.contains("refs/heads/main"))
        #expect(names.contains("HEAD"))
        let annotated = try #require(up.releases.first { $0.annotated })
        #expect(names.contains("refs/tags/\(annotated.tag)^{}"), "peeled entries are advertised")
        #expect(try mirror.references(withPrefix: "refs/").isEmpty, "ls-remote fetches nothing")
    }

    @Test func fetchIntoPrivateNamespaceNeverTouchesTagsAndSeesForcePushes() throws {
        let tmp = TemporaryDirectory()
        let up = try Upstream.generate(at: tmp.url("up"), ["--commits", "20", "--releases", "4", "--unrelated", "2"])
        let mirror = try Repository.create(at: tmp.url("mirror.git"), bare: true)
        let remote = try Remote(repository: mirror, url: RemoteURL(up.path))
        // our own tag, with a name upstream also uses but pointing elsewhere
        let first = try #require(up.releases.first)
        let specs = [
            "+refs/heads/main:refs/release-mirror/upstream/heads/main",
            "+refs/tags/*:refs/release-mirror/upstream/tags/*",
        ]
        let stats = try remote.fetch(refspecs: specs, prune: true)
        #expect(stats.receivedObjects > 0)
        let oldMain = try #require(try mirror.referenceTarget("refs/release-mirror/upstream/heads/main"))
        try mirror.createReference("refs/tags/ours-only", target: oldMain, message: "t")
        try mirror.createReference("refs/tags/" + first.tag, target: oldMain, message: "t")  // deliberately "wrong"
        #expect(try mirror.references(withPrefix: "refs/heads/").isEmpty)

        // upstream rewrites history (amend + force) and moves a tag, deletes another
        try Shell.git("commit", "--amend", "-q", "-m", "rewritten", in: up.path)
        try Shell.git("tag", "-f", "-a", "-m", "moved", first.tag, "HEAD", in: up.path)
        let second = up.releases[1]
        try Shell.git("tag", "-d", second.tag, in: up.path)
        try remote.fetch(refspecs: specs, prune: true)

        let newMain = try #require(try mirror.referenceTarget("refs/release-mirror/upstream/heads/main"))
        #expect(newMain.hex == (try up.revParse("main")), "the force-push is visible, not silently skipped")
        #expect(newMain != oldMain)
        #expect(try mirror.referenceTarget("refs/release-mirror/upstream/tags/" + second.tag) == nil, "pruned")
        #expect(try mirror.referenceTarget("refs/tags/ours-only") == oldMain, "refs/tags untouched")
        #expect(try mirror.referenceTarget("refs/tags/" + first.tag) == oldMain, "refs/tags never clobbered")
        let noop = try remote.fetch(refspecs: specs, prune: true)
        #expect(noop.receivedObjects == 0)
    }

    @Test func aFetchNegotiatingWithOneRefGetsOnlyWhatIsNewAndStillWritesAndPrunes() throws {
        let tmp = TemporaryDirectory()
        let served = tmp.url("srv")
        let up = try Upstream.generate(at: served + "/up", ["--commits", "40", "--releases", "8"])
        let daemon = try GitDaemon(base: served)
        let mirror = try Repository.create(at: tmp.url("mirror.git"), bare: true)
        let specs = ["+refs/heads/main:refs/ns/heads/main", "+refs/tags/*:refs/ns/tags/*"]
        let haves = ["refs/ns/heads/main", "refs/heads/absent"]
        func fetch(_ haves: [String]) throws -> TransferProgress {
            try Remote(repository: mirror, url: RemoteURL(daemon.url("up")), negotiatingWith: haves).fetch(refspecs: specs, prune: true)
        }
        func count(_ range: String...) throws -> Int {
            try Shell.git(["rev-list", "--objects"] + range, in: up.path).split(separator: "\n").count
        }
        #expect(try fetch(haves).receivedObjects > 0)
        let main = try #require(try mirror.referenceTarget("refs/ns/heads/main"))
        // a mirror's thousands of refs, none of which the negotiation needs
        for index in 0..<300 { try mirror.createReference("refs/tags/own-\(index)", target: main, message: "t") }

        // upstream moves on and deletes a tag
        let before = try up.revParse("main")
        for index in 0..<3 { _ = try up.commit("more \(index)") }
        let deleted = up.releases[0].tag
        try Shell.git("tag", "-d", deleted, in: up.path)
        let second = try fetch(haves)
        #expect(second.receivedObjects == (try count("main", "^" + before)), "only what is new")
        #expect(try mirror.referenceTarget("refs/ns/heads/main")?.hex == (try up.revParse("main")), "refs written as usual")
        #expect(try mirror.referenceTarget("refs/ns/tags/" + deleted) == nil, "and pruned as usual")
        #expect(try mirror.references(withPrefix: "refs/tags/own-").count == 300, "nothing else touched")
        let upstreamTags = try Shell.git("tag", "-l", in: up.path).split(separator: "\n").count
        #expect(try mirror.references(withPrefix: "refs/ns/tags/").count == upstreamTags)

        // the haves really are what the server hears: with none, it sends the whole history again
        _ = try up.commit("one more")
        let whole = try fetch([]).receivedObjects
        let reachable = try count("main")  // (plus the annotated tags the server includes with them)
        #expect(whole >= reachable, "received \(whole) of \(reachable)")
    }

    @Test func pushRefusesToMoveAnExistingRemoteTag() throws {
        let tmp = TemporaryDirectory()
        let up = try Upstream.generate(at: tmp.url("up"), ["--commits", "20", "--releases", "4"])
        let origin = tmp.url("origin.git")
        try Shell.git("init", "-q", "--bare", origin, in: tmp.path)
        let repo = try Repository.open(at: up.path)
        let a = try repo.resolve("refs/heads/main")
        let older = try ObjectID(hex: up.revParse("HEAD~3"))!
        try repo.createReference("refs/tags/pinned", target: older, message: "t")
        let remote = try Remote(repository: repo, url: RemoteURL(origin))
        try remote.push(refspecs: ["refs/heads/main:refs/heads/main", "refs/tags/pinned:refs/tags/pinned"])
        #expect(try Shell.git("rev-parse", "refs/tags/pinned", in: origin) == older.hex)

        // locally the tag now points at a descendant: libgit2 alone would move the remote tag
        try Shell.git("tag", "-f", "pinned", a.hex, in: up.path)
        let error = try #require(throws: GitError.self) {
            try Remote(repository: repo, url: RemoteURL(origin)).push(refspecs: ["refs/tags/pinned:refs/tags/pinned"])
        }
        #expect(error.code == GitError.pushRejectedCode)
        #expect(error.rejections.map(\.ref) == ["refs/tags/pinned"])
        #expect(error.description.contains("never moved"))
        #expect(try Shell.git("rev-parse", "refs/tags/pinned", in: origin) == older.hex, "origin unchanged")

        // deletion is refused too, and forced refspecs are refused outright
        #expect(throws: GitError.self) {
            try Remote(repository: repo, url: RemoteURL(origin)).push(refspecs: [":refs/tags/pinned"])
        }
        #expect(throws: GitError.self) {
            try Remote(repository: repo, url: RemoteURL(origin)).push(refspecs: ["+refs/heads/main:refs/heads/main"])
        }
        #expect(try Shell.git("rev-parse", "refs/tags/pinned", in: origin) == older.hex)
    }

    @Test func aNarrowNegotiationBaseStillSendsExactlyWhatTheRemoteLacks() throws {
        let tmp = TemporaryDirectory()
        let up = try Upstream.generate(at: tmp.url("up"), ["--commits", "60", "--releases", "12"])
        let served = tmp.url("srv")
        try FileManager.default.createDirectory(atPath: served, withIntermediateDirectories: true)
        let origin = served + "/origin.git"
        try Shell.git("init", "-q", "--bare", origin, in: tmp.path)
        let daemon = try GitDaemon(base: served)
        let repo = try Repository.open(at: up.path)
        // the origin has main ten commits back and every tag up to there
        let old = try up.revParse("main~10")
        try Shell.git("branch", "published", old, in: up.path)
        let oldTags = up.releases.filter { (try? Shell.git("merge-base", "--is-ancestor", $0.tag, old, in: up.path)) != nil }
        let newTags = up.releases.filter { release in !oldTags.contains { $0.tag == release.tag } }
        #expect(oldTags.count >= 3 && newTags.count >= 1, "the fixture needs tags on both sides")
        try Remote(repository: repo, url: RemoteURL(daemon.url("origin.git"))).push(
            refspecs: ["refs/heads/published:refs/heads/main"] + oldTags.map { "refs/tags/\($0.tag):refs/tags/\($0.tag)" })

        func objectsSent(_ base: ((String) -> Bool)?, refspecs: [String], to name: String) throws -> Int {
            try Shell.git("init", "-q", "--bare", served + "/" + name, in: tmp.path)
            try Shell.git("fetch", "-q", origin, "+refs/*:refs/*", in: served + "/" + name)
            var total = 0
            try Remote(repository: repo, url: RemoteURL(daemon.url(name))).push(
                refspecs: refspecs, negotiationBase: base, progress: { total = max(total, $0.total) })
            // whatever was left out of the walk, the remote ends up with every object it needs
            _ = try Shell.git("fsck", "--connectivity-only", "--no-dangling", in: served + "/" + name)
            return total
        }
        let update = ["refs/heads/main:refs/heads/main"] + newTags.map { "refs/tags/\($0.tag):refs/tags/\($0.tag)" }
        let lacking = try Shell.git("rev-list", "--objects", "main", "^" + old, in: up.path)
            .split(separator: "\n").count + newTags.filter(\.annotated).count
        // the remote's branch alone is a sufficient base: exactly the missing objects are sent
        #expect(try objectsSent({ $0 == "refs/heads/main" }, refspecs: update, to: "narrow.git") == lacking)
        // and the narrowing really reaches libgit2's walk: with no base at all, everything is sent
        let everything = try Shell.git("rev-list", "--objects", "main", in: up.path).split(separator: "\n").count
            + newTags.filter(\.annotated).count
        #expect(try objectsSent({ _ in false }, refspecs: update, to: "none.git") == everything)
    }

    @Test func serverSideRejectionNamesTheRef() throws {
        let tmp = TemporaryDirectory()
        let up = try Upstream.generate(at: tmp.url("up"), ["--commits", "20", "--releases", "3"])
        let served = tmp.url("srv")
        try FileManager.default.createDirectory(atPath: served, withIntermediateDirectories: true)
        try Shell.git("init", "-q", "--bare", served + "/origin.git", in: tmp.path)
        let hook = served + "/origin.git/hooks/pre-receive"
        try """
            #!/bin/sh
            while read old new ref; do
              case "$ref" in refs/heads/blocked) echo "policy: $ref is frozen" >&2; exit 1;; esac
            done
            exit 0
            """.write(toFile: hook, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook)
        let daemon = try GitDaemon(base: served)
        let repo = try Repository.open(at: up.path)
        try Shell.git("branch", "blocked", "HEAD~1", in: up.path)
        let error = try #require(throws: GitError.self) {
            try Remote(repository: repo, url: RemoteURL(daemon.url("origin.git"))).push(refspecs: [
                "refs/heads/main:refs/heads/main", "refs/heads/blocked:refs/heads/blocked",
            ])
        }
        #expect(error.code == GitError.pushRejectedCode)
        #expect(error.rejections.contains { $0.ref == "refs/heads/blocked" }, "\(error)")
        #expect(error.description.contains("refs/heads/blocked"))
        let listed = try Remote(repository: repo, url: RemoteURL(daemon.url("origin.git"))).listReferences()
        #expect(!listed.contains { $0.name == "refs/heads/blocked" })
    }

    @Test func eightProcessesRacingToCreateOneTagExactlyOneWins() throws {
        let tmp = TemporaryDirectory()
        let up = try Upstream.generate(at: tmp.url("up"), ["--commits", "12", "--releases", "2", "--bare"])
        let shas = try (0..<8).map { try up.revParse("HEAD~\($0)") }
        let probe = Products.executable("git-probe")
        let processes: [(Process, Pipe)] = try shas.map { sha in
            let p = Process()
            p.executableURL = URL(fileURLWithPath: probe)
            p.arguments = ["create-ref", up.path, "refs/tags/race", sha]
            let out = Pipe()
            p.standardOutput = out
            p.standardError = out
            try p.run()
            return (p, out)
        }
        var outputs: [String] = []
        for (p, out) in processes {
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            outputs.append(text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let created = outputs.filter { $0 == "created" }
        #expect(created.count == 1, "\(outputs)")
        let winner = try up.revParse("refs/tags/race")
        for line in outputs where line != "created" {
            // a clean "already exists" (or libgit2's lock refusal while the winner writes)
            #expect(line == "exists \(winner)" || line.contains("lock"), "\(line)")
        }
        #expect(shas.contains(winner))
    }

    @Test func tokenGoesOnlyToItsHost() {
        #expect(Credentials.host(of: "https://github.com/a/b.git") == "github.com")
        #expect(Credentials.host(of: "ssh://git@GitHub.com/a/b.git") == "github.com")
        #expect(Credentials.host(of: "git@github.com:a/b.git") == "github.com")
        #expect(Credentials.host(of: "/srv/repo.git") == nil)
    }
}
