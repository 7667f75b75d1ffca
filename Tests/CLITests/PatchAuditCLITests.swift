import Foundation
import Testing
import TestSupport

/// `audit`'s patch findings on real repositories: patches people made with the git CLI in a clone
/// of origin, changes upstream landed with the git CLI, `sync` and `audit` run by the built binary.
@Suite struct PatchAuditCLITests {
    typealias Fixture = PatchCLITests.Fixture

    /// The `patch-*` findings of `audit --json`: subject → ids.
    func patchFindings(_ f: Fixture) throws -> [String: [String]] {
        let result = try f.run("audit", "--json")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.output)")
        var found: [String: [String]] = [:]
        for finding in report["findings"] as? [[String: Any]] ?? [] {
            guard let id = finding["id"] as? String, id.hasPrefix("patch-"), let subject = finding["subject"] as? String else { continue }
            found[subject, default: []].append(id)
        }
        return found
    }

    /// Upstream lands `file` with the content people's patch gave it, under its own message.
    func land(_ f: Fixture, _ file: String) throws {
        try f.m.upstream.commit("upstream: land \(file) (reworded)", file: file, content: "patched\n")
    }

    @Test func absorptionIsComparedByPatchID() throws {
        let f = try Fixture()
        let old = f.tag(1)
        let newest = f.tag(3)
        for name in ["picked", "reworded", "partly", "merged"] {
            try f.run("patch", "start", name, "--on", old).expect(0)
        }
        try f.peopleCommit("patch/picked", file: "picked.txt")
        try f.peopleCommit("patch/reworded", file: "reworded.txt")
        try f.peopleCommit("patch/partly", file: "partly-1.txt")
        try f.peopleCommit("patch/partly", file: "partly-2.txt")
        // merged: one commit on the branch, one on a side branch merged into it
        try f.peopleCommit("patch/merged", file: "merged-1.txt")
        try Shell.git("checkout", "-q", "-b", "side", f.commit(old), in: f.people)
        try "patched\n".write(toFile: f.people + "/merged-2.txt", atomically: true, encoding: .utf8)
        try Shell.git("add", "-A", in: f.people)
        try Shell.git("commit", "-q", "-m", "side: merged-2", in: f.people)
        try Shell.git("checkout", "-q", "patch/merged", in: f.people)
        try Shell.git("merge", "-q", "--no-ff", "-m", "merge side", "side", in: f.people)
        try Shell.git("push", "-q", "origin", "patch/merged", in: f.people)
        // reworded: rebased onto the newest release with a new message, force-pushed, re-based
        try Shell.git("checkout", "-q", "patch/reworded", in: f.people)
        try Shell.git("rebase", "-q", "--onto", f.commit(newest), f.commit(old), in: f.people)
        try Shell.git("commit", "-q", "--amend", "-m", "reworded after the rebase", in: f.people)
        try Shell.git("push", "-q", "--force", "origin", "patch/reworded", in: f.people)
        try f.run("patch", "set-base", "reworded", "--on", newest).expect(0)
        try f.run("patch", "list", "--quiet").expect(0)  // adopts every branch

        var found = try patchFindings(f)
        #expect(found["patch/picked"] == ["patch-superseded"], "\(found)")
        #expect(found["patch/reworded"] == nil, "on the newest release, nothing landed yet: \(found)")

        for file in ["picked.txt", "reworded.txt", "partly-1.txt", "merged-1.txt", "merged-2.txt"] { try land(f, file) }
        try f.run("sync", "--quiet").expect(0)
        found = try patchFindings(f)
        #expect(found["patch/picked"] == ["patch-absorbed"], "cherry-picked upstream: \(found)")
        #expect(found["patch/reworded"] == ["patch-absorbed"], "rebased and reworded: \(found)")
        #expect(found["patch/partly"] == ["patch-superseded"], "partly absorbed is not absorbed: \(found)")
        #expect(found["patch/merged"] == ["patch-absorbed"], "the merge commit is ignored, both parents' commits count: \(found)")
        let audit = try f.run("audit")
        #expect(audit.output.contains("retire it with `release-mirror patch retire`"), "\(audit.output)")
    }

    @Test func aMergedCommitThatDidNotLandKeepsThePatch() throws {
        let f = try Fixture()
        let newest = f.tag(3)
        try f.run("patch", "start", "merged", "--on", newest).expect(0)
        try f.peopleCommit("patch/merged", file: "merged-1.txt")
        try Shell.git("checkout", "-q", "-b", "side", f.commit(newest), in: f.people)
        try "patched\n".write(toFile: f.people + "/merged-2.txt", atomically: true, encoding: .utf8)
        try Shell.git("add", "-A", in: f.people)
        try Shell.git("commit", "-q", "-m", "side: merged-2", in: f.people)
        try Shell.git("checkout", "-q", "patch/merged", in: f.people)
        try Shell.git("merge", "-q", "--no-ff", "-m", "merge side", "side", in: f.people)
        try Shell.git("push", "-q", "origin", "patch/merged", in: f.people)
        try land(f, "merged-1.txt")
        try f.run("sync", "--quiet").expect(0)
        try f.run("patch", "list", "--quiet").expect(0)
        #expect(try patchFindings(f)["patch/merged"] == nil, "merged-2 (from the merged side branch) is not upstream")
    }

    @Test func aBaseTagUpstreamMovedStaysTheMirrorsTag() throws {
        let f = try Fixture()
        let base = f.tag(3)
        let baseCommit = try f.commit(base)
        try f.run("patch", "start", "moved", "--on", base).expect(0)
        try f.peopleCommit("patch/moved", file: "moved.txt")
        // upstream re-tags the release elsewhere; the mirror keeps its tag, the patch keeps its base
        try Shell.git("tag", "-f", "-a", "-m", "moved", base, "HEAD~3", in: f.m.upstream.path)
        let sync = try f.run("sync")
        #expect(sync.output.contains("moved"), "\(sync.output)")
        #expect(try f.commit(base) == baseCommit)
        try f.run("patch", "list", "--quiet").expect(0)
        #expect(try patchFindings(f)["patch/moved"] == nil, "not off its base")
        let list = try f.run("patch", "list", "--json").expect(0)
        let entries = try #require((try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any])?["patches"] as? [[String: Any]])
        #expect(entries.first?["ahead"] as? Int == 1)
    }

    @Test func registryAndBranchDisagreements() throws {
        let f = try Fixture()
        try f.run("patch", "start", "kept", "--on", f.tag(3)).expect(0)
        // a branch without a row, a row without a branch, a branch off its base, a failed smoke
        try Shell.git("branch", "patch/stray", "upstream-main", in: f.m.mirror)
        var text = try f.registryText()
        text = text.replacingOccurrences(
            of: "<!-- release-mirror:patches:end -->",
            with: "| `patch/gone` | `\(f.tag(3))` | — | — | active |\n| `patch/off` | `\(f.tag(3))` | — | — | active |\n<!-- release-mirror:patches:end -->")
        try text.write(toFile: f.registry, atomically: true, encoding: .utf8)
        try Shell.git("branch", "patch/off", f.commit(f.tag(1)), in: f.m.mirror)
        let note = #"{"command":["sh"],"duration_s":1,"log_tail":"","started":"2026-01-01T00:00:00Z","status":"failed","tool_version":"0.1.0"}"#
        try Shell.git("notes", "--ref=release-mirror", "add", "-f", "-m", note, f.commit(f.tag(3)), in: f.m.mirror)
        let found = try patchFindings(f)
        #expect(found["patch/stray"] == ["patch-unregistered"], "\(found)")
        #expect(found["patch/gone"] == ["patch-missing"], "\(found)")
        #expect(found["patch/off"] == ["patch-off-base"], "\(found)")
        #expect(found["patch/kept"] == ["patch-smoke-failed"], "\(found)")
        try f.run("audit").expect(5)
    }

    @Test func aReadmeThatIsNoRegistryIsNotAudited() throws {
        let f = try Fixture()
        try "# Mirror\n\n```sh\nan unclosed fence\n".write(toFile: f.registry, atomically: true, encoding: .utf8)
        let quiet = try f.run("audit", "--json").expect(0)
        #expect(!quiet.stdout.contains("README.md"), "no patches, no markers: \(quiet.stdout)")
        // once it holds the registry markers, a broken registry is a finding
        try "# Mirror\n\n<!-- release-mirror:patches:begin -->\n".write(toFile: f.registry, atomically: true, encoding: .utf8)
        let broken = try f.run("audit", "--json").expect(5)
        #expect(broken.stdout.contains("patch registry: <!-- release-mirror:patches:begin --> has no"), "\(broken.stdout)")
    }
}
