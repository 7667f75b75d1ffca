import Foundation
import Testing
import TestSupport

/// `accept-rewrite` is the one command that moves the mirror branch backwards or sideways (and pushes
/// it leased). It acts only while `sync` holds a rewrite, and only to the quarantined tip or to
/// upstream's current tip; anything else is refused with exit 5, naming what it would accept, with
/// nothing moved or pushed.
@Suite struct AcceptRewriteGuardCLITests {
    /// Commits that are not a rewrite to accept: an ancestor of the mirror branch (a rewind), the
    /// smoke notes commit, and a commit on the mirror's own default branch.
    func strangers(_ m: InitMirror) throws -> [(String, String)] {
        let tip = try m.git("rev-parse", "refs/heads/upstream-main")
        try m.git("notes", "--ref", "release-mirror", "add", "-m", "{}", tip)
        try m.git("add", "release-mirror.toml")
        try m.git("commit", "-q", "-m", "mirror config")
        return [
            ("a rewind", try m.git("rev-parse", "refs/heads/upstream-main~3")),
            ("the notes commit", try m.git("rev-parse", "refs/notes/release-mirror")),
            ("the mirror's default branch", try m.git("rev-parse", "HEAD")),
            ("an old release", try m.git("rev-parse", "release/v0.2.0")),
        ]
    }

    func expectRefused(
        _ m: InitMirror, _ cases: [(String, String)], naming accepted: [String],
        _ location: SourceLocation = #_sourceLocation
    ) throws {
        for (what, sha) in cases {
            let before = try m.allRefs()
            let result = try m.run(["accept-rewrite", sha])
            #expect(result.status == 5, "\(what) \(sha): \(result.output)", sourceLocation: location)
            #expect(result.stderr.contains("refused"), "\(what): \(result.stderr)", sourceLocation: location)
            for name in accepted {
                #expect(result.stderr.contains(name), "\(what): names \(name): \(result.stderr)", sourceLocation: location)
            }
            #expect(try m.allRefs() == before, "\(what): nothing moved or pushed", sourceLocation: location)
        }
    }

    @Test func withNoRewriteHeldEveryCommitIsRefused() throws {
        let m = try InitMirror("rm-accept-none")
        #expect(try m.run(["sync"]).status == 0)
        try expectRefused(m, try strangers(m), naming: ["no rewrite is held"])
        let json = try m.run(["accept-rewrite", "--json", try m.git("rev-parse", "refs/heads/upstream-main~1")])
        #expect(json.status == 5, "\(json.output)")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["exit_status"] as? Int == 5, "\(json.stdout)")
    }

    @Test func whileHeldOnlyTheQuarantinedTipIsAccepted() throws {
        let m = try InitMirror("rm-accept-held")
        #expect(try m.run(["sync"]).status == 0)
        try Shell.git("reset", "-q", "--hard", "HEAD~2", in: m.upstream.path)
        let rewritten = try m.upstream.commit("feat: rewritten")
        let held = try m.run(["sync"])
        #expect(held.status == 3, "\(held.output)")
        let quarantine = try #require(try m.refs(m.mirror).first { $0.key.hasPrefix("refs/release-mirror/quarantine/") })
        #expect(quarantine.value == rewritten)

        try expectRefused(m, try strangers(m), naming: [rewritten, quarantine.key])

        let accepted = try m.run(["accept-rewrite", rewritten])
        #expect(accepted.status == 0, "\(accepted.output)")
        #expect(try m.refs(m.mirror)["refs/heads/upstream-main"] == rewritten)
        #expect(try m.refs(m.origin)["refs/heads/upstream-main"] == rewritten)
        // Accepted: the hold is over, so a second accept (of anything but the tip) is refused again.
        let rewind = try m.git("rev-parse", "refs/heads/upstream-main~1")
        try expectRefused(m, [("a rewind after accepting", rewind)], naming: ["no rewrite is held"])
        #expect(try m.run(["accept-rewrite", rewritten]).status == 0, "the tip itself is a no-op")
        #expect(try m.run(["sync"]).status == 0)
    }

    @Test func whileHeldUpstreamsCurrentTipListedAfreshIsAccepted() throws {
        let m = try InitMirror("rm-accept-upstream")
        #expect(try m.run(["sync"]).status == 0)
        try Shell.git("reset", "-q", "--hard", "HEAD~2", in: m.upstream.path)
        try m.upstream.commit("feat: rewritten")
        #expect(try m.run(["sync"]).status == 3)
        // Upstream moves on after the hold; a dry run brings its objects but writes no ref.
        let newer = try m.upstream.commit("feat: after the rewrite")
        #expect(try m.run(["sync", "--dry-run"]).status == 3)
        let accepted = try m.run(["accept-rewrite", newer])
        #expect(accepted.status == 0, "\(accepted.output)")
        #expect(try m.refs(m.mirror)["refs/heads/upstream-main"] == newer)
        #expect(try m.refs(m.origin)["refs/heads/upstream-main"] == newer)
    }
}
