import Foundation
import Git
import Testing
import TestSupport

/// The push guard's one exception: a leased deletion of a branch the caller names. Every other
/// deletion is still refused.
@Suite struct RemoteDeletionTests {
    /// A repository with `main`, a branch `patch/x` and a tag, pushed to a bare origin.
    func fixture(_ tmp: TemporaryDirectory) throws -> (repo: Repository, origin: String, tip: ObjectID) {
        let work = tmp.url("work")
        try Shell.git("init", "-q", "-b", "main", work, in: tmp.path)
        try "a\n".write(toFile: work + "/a.txt", atomically: true, encoding: .utf8)
        try Shell.git("add", "-A", in: work)
        try Shell.git("commit", "-q", "-m", "a", in: work)
        try Shell.git("branch", "patch/x", in: work)
        try Shell.git("tag", "pinned", in: work)
        let origin = tmp.url("origin.git")
        try Shell.git("init", "-q", "--bare", origin, in: tmp.path)
        try Shell.git("push", "-q", origin, "main", "patch/x", "pinned", in: work)
        let repo = try Repository.open(at: work)
        return (repo, origin, try repo.resolve("refs/heads/patch/x"))
    }

    func remoteRefs(_ origin: String) throws -> String { try Upstream.refList(origin) }

    @Test func aListedBranchIsDeletedOnlyWhileTheRemoteHoldsTheLeasedTip() throws {
        let tmp = TemporaryDirectory()
        let (repo, origin, tip) = try fixture(tmp)
        let before = try remoteRefs(origin)
        let other = ObjectID(hex: String(repeating: "1", count: 40))!

        // the remote holds another tip than the lease: refused by the guard, the branch kept
        let moved = try #require(throws: GitError.self) {
            try Remote(repository: repo, url: RemoteURL(origin)).push(
                refspecs: [":refs/heads/patch/x"], deletions: ["refs/heads/patch/x": other])
        }
        #expect(moved.description.contains("deletion expected 111111111111"), "\(moved)")
        #expect(try remoteRefs(origin) == before)

        try Remote(repository: repo, url: RemoteURL(origin)).push(refspecs: [":refs/heads/patch/x"], deletions: ["refs/heads/patch/x": tip])
        let after = try remoteRefs(origin)
        #expect(!after.contains("refs/heads/patch/x"))
        #expect(after.contains("refs/heads/main") && after.contains("refs/tags/pinned"), "nothing else deleted")
    }

    @Test func everyOtherDeletionIsStillRefused() throws {
        let tmp = TemporaryDirectory()
        let (repo, origin, tip) = try fixture(tmp)
        let before = try remoteRefs(origin)
        let main = try repo.resolve("refs/heads/main")
        let pinned = try repo.resolve("refs/tags/pinned")
        let cases: [([String], [String: ObjectID], String)] = [
            ([":refs/heads/main"], [:], "deleting a remote ref is never allowed"),
            ([":refs/tags/pinned"], [:], "deleting a remote ref is never allowed"),
            ([":refs/tags/pinned"], ["refs/tags/pinned": pinned], "only a branch may be deleted"),
            ([":refs/heads/main"], ["refs/heads/patch/x": tip], "deleting a remote ref is never allowed"),
            (["refs/heads/main:refs/heads/patch/x"], ["refs/heads/patch/x": tip], "listed for deletion, not for an update"),
            ([":refs/heads/patch/x", ":refs/heads/main"], ["refs/heads/patch/x": tip], "deleting a remote ref is never allowed"),
        ]
        for (refspecs, deletions, message) in cases {
            let error = try #require(throws: GitError.self) {
                try Remote(repository: repo, url: RemoteURL(origin)).push(refspecs: refspecs, deletions: deletions)
            }
            #expect(error.description.contains(message), "\(refspecs): \(error)")
            #expect(try remoteRefs(origin) == before, "\(refspecs) changed the remote")
        }
        _ = main
    }
}
