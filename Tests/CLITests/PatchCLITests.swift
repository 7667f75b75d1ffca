import Foundation
import Testing
import TestSupport

/// `patch start | list | set-base | retire` run by the built binary on a mirror made by `init` +
/// `sync` of a generated upstream, published to a bare origin. "People" work on the patch branch
/// in a clone of origin with the git CLI.
@Suite struct PatchCLITests {
    final class Fixture {
        let m: InitMirror
        var people: String { m.tmp.url("people") }
        var registry: String { m.mirror + "/README.md" }

        init() throws {
            m = try InitMirror("rm-cli-patch", commits: 24, releases: 4)
            try m.run(["sync", "--quiet"]).expect(0)
            try Shell.git("clone", "-q", m.origin, people, in: m.tmp.path)
            try Shell.git("config", "user.email", "people@example.invalid", in: people)
            try Shell.git("config", "user.name", "people", in: people)
        }

        func tag(_ index: Int) -> String { m.upstream.releases[index].tag }
        func commit(_ tag: String) throws -> String { try Shell.git("rev-parse", tag + "^{commit}", in: m.mirror) }
        func run(_ arguments: String...) throws -> ProcessResult { try m.run(arguments) }
        func registryText() throws -> String { (try? String(contentsOfFile: registry, encoding: .utf8)) ?? "" }

        /// People commit `file` on the patch branch and push it (forced when asked).
        func peopleCommit(_ branch: String, file: String, force: Bool = false) throws {
            try Shell.git("fetch", "-q", "origin", in: people)
            try Shell.git("checkout", "-q", "-B", branch, "origin/" + branch, in: people)
            try "patched\n".write(toFile: people + "/" + file, atomically: true, encoding: .utf8)
            try Shell.git("add", "-A", in: people)
            try Shell.git("commit", "-q", "-m", "patch: \(file)", in: people)
            try Shell.git(["push", "-q"] + (force ? ["--force"] : []) + ["origin", branch], in: people)
        }
    }

    @Test func lifecycleFromStartToRetire() throws {
        let f = try Fixture()
        let base = f.tag(1)
        try f.run("patch", "start", "role-additional", "--on", base, "--reason", "roleAdditional | session option",
            "--upstream-pr", "https://example.invalid/pr/7").expect(0)
        #expect(try Shell.git("rev-parse", "refs/heads/patch/role-additional", in: f.m.origin) == (try f.commit(base)))
        #expect(try Shell.git("rev-parse", "refs/heads/patch/role-additional", in: f.m.mirror) == (try f.commit(base)))
        let row = "| `patch/role-additional` | `\(base)` | roleAdditional \\| session option | https://example.invalid/pr/7 | active |"
        #expect(try f.registryText().contains("<!-- release-mirror:patches:begin -->\n| Local patch branch |"))
        let text = try f.registryText()
        #expect(text.contains(row), "\(text)")

        try f.peopleCommit("patch/role-additional", file: "fix-1.txt")
        let list = try f.run("patch", "list", "--json").expect(0)
        let entries = try #require((try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any])?["patches"] as? [[String: Any]])
        #expect(entries.count == 1)
        #expect(entries.first?["ahead"] as? Int == 1)
        #expect(entries.first?["status"] as? String == "active")
        #expect(entries.first?["tip"] as? String == (try Shell.git("rev-parse", "HEAD", in: f.people)))

        // a newer base the branch does not contain: refused, registry unchanged
        let newer = f.tag(3)
        let before = try f.registryText()
        let refused = try f.run("patch", "set-base", "role-additional", "--on", newer).expect(5)
        #expect(refused.output.contains("does not contain \(newer)"), "\(refused.output)")
        #expect(try f.registryText() == before)

        // people rebase onto the newer release and force-push; set-base adopts it and records the base
        try Shell.git("fetch", "-q", "origin", "--tags", in: f.people)
        try Shell.git("rebase", "-q", "--onto", try f.commit(newer), try f.commit(base), "patch/role-additional", in: f.people)
        try Shell.git("push", "-q", "--force", "origin", "patch/role-additional", in: f.people)
        let moved = try f.run("patch", "set-base", "role-additional", "--on", newer).expect(0)
        #expect(moved.output.contains("force-pushed"), "the force-push is recorded: \(moved.output)")
        #expect(try f.registryText().contains("| `patch/role-additional` | `\(newer)` |"))

        let tip = try Shell.git("rev-parse", "HEAD", in: f.people)
        let retired = try f.run("patch", "retire", "role-additional").expect(0)
        #expect(retired.output.contains("retired patch/role-additional"), "\(retired.output)")
        let originRefs = try f.m.refs(f.m.origin)
        #expect(originRefs["refs/heads/patch/role-additional"] == nil, "deleted on origin")
        let archive = try #require(originRefs.first { $0.key.hasPrefix("refs/release-mirror/archive/patch/role-additional/") })
        #expect(archive.value == tip)
        #expect(try f.m.refs(f.m.mirror)["refs/heads/patch/role-additional"] == nil, "deleted in the mirror")
        #expect(try f.registryText().contains("| retired, archived as `\(archive.key)` |"))
        let again = try f.run("patch", "retire", "role-additional").expect(0)
        #expect(again.output.contains("already retired"))
        let listed = try f.run("patch", "list").expect(0)
        #expect(listed.output.contains("retired"))
    }

    @Test func refusalsWriteNothing() throws {
        let f = try Fixture()
        let refs = try f.m.allRefs()
        try f.run("patch", "start", "bad/name", "--on", f.tag(0)).expect(2)
        try f.run("patch", "start", "fix", "--on", "no-such-tag").expect(5)
        try f.run("patch", "start", "fix", "--on", "@moonshot-ai/kimi-code@9.9.9").expect(5)
        try f.run("patch", "start", "fix", "--on", f.tag(0), "--upstream-pr", "not a url").expect(2)
        try f.run("patch", "set-base", "fix", "--on", f.tag(0)).expect(5)
        try f.run("patch", "retire", "fix").expect(5)
        try f.run("patch", "list", "fix").expect(2)
        #expect(try f.m.allRefs() == refs)
        #expect(!FileManager.default.fileExists(atPath: f.registry))

        try f.run("patch", "start", "fix", "--on", f.tag(0)).expect(0)
        let started = try f.m.allRefs()
        let registry = try f.registryText()
        let duplicate = try f.run("patch", "start", "fix", "--on", f.tag(2)).expect(5)
        #expect(duplicate.output.contains("already registered"))
        // a branch someone pushed by hand, at another commit: refused
        try Shell.git("push", "-q", "origin", "origin/upstream-main:refs/heads/patch/other", in: f.people)
        let taken = try f.run("patch", "start", "other", "--on", f.tag(0)).expect(5)
        #expect(taken.output.contains("already exists on mirror.remote"), "\(taken.output)")
        var expected = started
        expected["origin:refs/heads/patch/other"] = try Shell.git("rev-parse", "refs/heads/patch/other", in: f.m.origin)
        #expect(try f.m.allRefs() == expected)
        #expect(try f.registryText() == registry)
        // it shows up as unregistered
        let list = try f.run("patch", "list").expect(0)
        #expect(list.output.contains("unregistered"), "\(list.output)")
    }
}
