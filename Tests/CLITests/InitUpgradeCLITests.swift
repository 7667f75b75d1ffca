import Foundation
import Testing
import TestSupport

/// `release-mirror init --upgrade [--dry-run] [--json]` end to end on a mirror `init` wrote.
@Suite struct InitUpgradeCLITests {
    let binary = Products.executable("release-mirror")
    static let newCommit = String(repeating: "b", count: 40)

    @Test func dryRunPrintsTheDiffAndWritesNothingThenUpgradeKeepsHandEditsAndIsThenANoOp() throws {
        let tmp = TemporaryDirectory()
        let mirror = tmp.url("mirror")
        let made = try Shell.run([binary, "init", "--upstream", "https://example.invalid/u.git", mirror] + ToolRefFixture.arguments)
        #expect(made.status == 0, "\(made.output)")
        let sync = mirror + "/.github/workflows/sync-upstream.yml"
        let handJob = "  notify:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo hand-written\n"
        let edited = try String(contentsOfFile: sync, encoding: .utf8) + handJob
        try edited.write(toFile: sync, atomically: true, encoding: .utf8)
        let upgrade = [binary, "init", "--upgrade", "--tool-ref", "v0.2.0@" + Self.newCommit, "--tool-repository", "acme/release-mirror", mirror]

        let dry = try Shell.run(upgrade + ["--dry-run", "--json"])
        #expect(dry.status == 0, "\(dry.output)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(dry.stdout.utf8)) as? [String: Any])
        #expect(object["schema_version"] as? Int == 1)
        #expect(object["dry_run"] as? Bool == true)
        let pin = try #require(object["tool_pin"] as? [String: Any])
        #expect(pin["tag"] as? String == "v0.2.0" && pin["commit"] as? String == Self.newCommit)
        let files = try #require(object["files"] as? [[String: Any]])
        #expect(files.map { $0["status"] as? String } == ["updated", "updated"])
        #expect((files[0]["diff"] as? String)?.contains("+        uses: acme/release-mirror@\(Self.newCommit) # v0.2.0") == true)
        #expect(try String(contentsOfFile: sync, encoding: .utf8) == edited, "--dry-run wrote")

        let real = try Shell.run(upgrade)
        #expect(real.status == 0, "\(real.output)")
        #expect(real.stdout.contains("--- a/.github/workflows/sync-upstream.yml"))
        #expect(real.stdout.contains("+  RELEASE_MIRROR_TOOL_VERSION: v0.2.0"))
        #expect(real.stderr.contains("sync-upstream.yml: updated"))
        let upgraded = try String(contentsOfFile: sync, encoding: .utf8)
        #expect(upgraded.hasSuffix(handJob), "the hand-written job was lost")
        #expect(upgraded.contains("uses: acme/release-mirror@\(Self.newCommit) # v0.2.0"))
        #expect(!upgraded.contains(ToolRefFixture.commit))

        let again = try Shell.run(upgrade)
        #expect(again.status == 0)
        #expect(again.stdout.isEmpty, "a second upgrade printed a diff: \(again.stdout)")
        #expect(again.stderr.contains("sync-upstream.yml: unchanged"))
        #expect(try String(contentsOfFile: sync, encoding: .utf8) == upgraded)
    }

    @Test func aFileWithoutMarkersIsRefusedWithWhatToDo() throws {
        let tmp = TemporaryDirectory()
        let mirror = tmp.url("mirror")
        #expect(try Shell.run([binary, "init", "--upstream", "x", mirror] + ToolRefFixture.arguments).status == 0)
        let publish = mirror + "/.github/workflows/publish-sdk.yml"
        try "name: publish-sdk\non: workflow_dispatch\n".write(toFile: publish, atomically: true, encoding: .utf8)
        let refused = try Shell.run([binary, "init", "--upgrade", mirror] + ToolRefFixture.arguments)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("publish-sdk.yml: it has no `# release-mirror:managed:begin`"))
        #expect(refused.stderr.contains("nothing was changed"))
        #expect(try String(contentsOfFile: publish, encoding: .utf8) == "name: publish-sdk\non: workflow_dispatch\n")
        // --dry-run without --upgrade, and --upgrade with init's own options, are usage errors.
        #expect(try Shell.run([binary, "init", "--dry-run", tmp.url("other")] + ToolRefFixture.arguments).status == 2)
        #expect(try Shell.run([binary, "init", "--upgrade", "--force", mirror] + ToolRefFixture.arguments).status == 2)
    }
}
