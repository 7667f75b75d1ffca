import Foundation
import Testing
import TestSupport

/// `publish-tag VERSION --from patch/NAME` (SPEC §13.5) run by the built binary: a mirror made by
/// `init` + `sync` + `ledger update` of a generated upstream, `publish.allow-suffix` set, a patch
/// started on the newest release, one commit by "people" pushed to origin and taken by `patch list`.
@Suite struct PatchPublishCLITests {
    final class Fixture {
        let m: InitMirror
        let branch = "patch/role-additional"
        var people: String { m.tmp.url("people") }
        var ledgerPath: String { m.mirror + "/RELEASES.md" }
        var base: String { m.upstream.releases[3].tag }

        init(releaseTagVersions: Bool = false) throws {
            m = try InitMirror("rm-cli-patch-publish", commits: 24, releases: 4)
            let configPath = m.mirror + "/release-mirror.toml"
            let config = try String(contentsOfFile: configPath, encoding: .utf8)
            try config.replacingOccurrences(of: "# allow-suffix = ", with: "allow-suffix = ")
                .replacingOccurrences(
                    of: #"version-from = "manifest""#, with: releaseTagVersions ? #"version-from = "release-tag""# : #"version-from = "manifest""#)
                .write(toFile: configPath, atomically: true, encoding: .utf8)
            try m.run(["sync", "--quiet"]).expect(0)
            try m.run(["ledger", "update", "--quiet"]).expect(0)
            try m.run(["patch", "start", "role-additional", "--on", base, "--reason", "roleAdditional"]).expect(0)
            try Shell.git("clone", "-q", m.origin, people, in: m.tmp.path)
            try Shell.git("config", "user.email", "people@example.invalid", in: people)
            try Shell.git("config", "user.name", "people", in: people)
            try Shell.git("checkout", "-q", "-B", branch, "origin/" + branch, in: people)
            try "patched\n".write(toFile: people + "/fix-1.txt", atomically: true, encoding: .utf8)
            try Shell.git("add", "-A", in: people)
            try Shell.git("commit", "-q", "-m", "patch: fix-1", in: people)
            try Shell.git("push", "-q", "origin", branch, in: people)
            try m.run(["patch", "list", "--quiet"]).expect(0)
        }

        func run(_ arguments: String...) throws -> ProcessResult { try m.run(arguments) }
        var tip: String { get throws { try m.git("rev-parse", "refs/heads/" + branch) } }
        func ledger() throws -> String { try String(contentsOfFile: ledgerPath, encoding: .utf8) }
        func registry() throws -> String { try String(contentsOfFile: m.mirror + "/README.md", encoding: .utf8) }

        /// The SDK version of the base release's ledger row (the manifest does not change on the patch).
        func sdk() throws -> String {
            let row = try #require(try ledger().components(separatedBy: "\n").first { $0.hasPrefix("| `\(base)` |") })
            return row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }[2]
        }

        func setSmoke(_ status: String, on commit: String) throws {
            let note = #"{"command":["pnpm","build"],"duration_s":42,"log_tail":"…","started":"2026-01-01T04:17:00Z","status":"\#(status)","tool_version":"0.1.0"}"#
            try m.git("notes", "--ref=release-mirror", "add", "-f", "-m", note, commit)
        }
    }

    @Test func publishFromPatchTagsTheTipWritesItsRowAndAuditsClean() throws {
        let f = try Fixture()
        let tip = try f.tip
        try f.setSmoke("passed", on: tip)
        let version = try f.sdk() + "-botiverse.1"
        let tag = "publish-sdk/v" + version
        let published = try f.run("publish-tag", version, "--from", f.branch).expect(0)
        #expect(published.output.contains("patch-row"), "\(published.output)")
        #expect(published.output.contains("patch-base"), "\(published.output)")
        #expect(try f.m.git("rev-parse", tag + "^{commit}") == tip)
        #expect(try Shell.git("rev-parse", tag + "^{commit}", in: f.m.origin) == tip, "pushed")
        #expect(try f.m.git("cat-file", "-p", tag).contains("Patch-Branch: \(f.branch)"))
        let row = "| `\(f.base)` (\(f.branch)) | `\(tip.prefix(12))` | \(try f.sdk()) | `\(tag)` | passed |"
        let ledger = try f.ledger()
        #expect(ledger.contains(row + " — |\n| `\(f.base)` |"), "the patch row sits above its base's row:\n\(ledger)")
        try f.run("audit").expect(0)

        // ledger update derives the same row; a second publish from the same tip joins it
        try f.run("ledger", "update", "--quiet").expect(0)
        #expect(try f.ledger() == ledger, "ledger update keeps the row as publish-tag wrote it")
        let second = "publish-sdk/v" + (try f.sdk()) + "-botiverse.2"
        try f.run("publish-tag", try f.sdk() + "-botiverse.2", "--from", "refs/heads/" + f.branch).expect(0)
        #expect(try f.ledger().contains("| `\(tag)`, `\(second)` | passed |"))

        // retired: the tags are on the archive; the rows stay and the audit stays clean
        try f.run("patch", "retire", "role-additional").expect(0)
        let kept = try f.ledger()
        try f.run("ledger", "update", "--quiet").expect(0)
        #expect(try f.ledger() == kept)
        let audit = try f.run("audit", "--json").expect(0)
        #expect(!audit.stdout.contains("publish-tag-mismatch"), "\(audit.stdout)")
    }

    @Test func releaseTagVersionsPublishTheBaseTagsVersionPlusTheSuffix() throws {
        let f = try Fixture(releaseTagVersions: true)
        try f.setSmoke("passed", on: try f.tip)
        let tagVersion = String(try #require(f.base.split(separator: "@").last))
        let refs = try f.m.allRefs()
        let refused = try f.run("publish-tag", try f.sdk() + "-botiverse.1", "--from", f.branch).expect(5)
        #expect(refused.output.contains("release tag version \(tagVersion)"), "\(refused.output)")
        #expect(try f.m.allRefs() == refs)
        try f.run("publish-tag", tagVersion + "-botiverse.1", "--from", f.branch).expect(0)
        #expect(try f.m.git("rev-parse", "publish-sdk/v\(tagVersion)-botiverse.1^{commit}") == (try f.tip))
        #expect(try f.ledger().contains("| `\(f.base)` (\(f.branch)) | `\(try f.tip.prefix(12))` |"))
        try f.run("audit").expect(0)
    }

    enum Refusal: String, CaseIterable, CustomTestStringConvertible {
        case wrongVersion, noSuffix, offBase, smokeNotPassed, noRow, retiredRow
        var testDescription: String { rawValue }
    }

    @Test(arguments: Refusal.allCases)
    func refusalExitsFiveAndWritesNothing(_ refusal: Refusal) throws {
        let f = try Fixture()
        let sdk = try f.sdk()
        var version = sdk + "-botiverse.1"
        var from = f.branch
        let failing: String
        switch refusal {
        case .wrongVersion:
            version = "9.9.9-botiverse.1"
            failing = "version"
        case .noSuffix:
            version = sdk
            failing = "version"
        case .offBase:
            // people rebuild the branch on an older release and force-push it; the mirror takes it
            let older = try f.m.git("rev-parse", f.m.upstream.releases[1].tag + "^{commit}")
            try Shell.git("fetch", "-q", "origin", "--tags", in: f.people)
            try Shell.git("reset", "-q", "--hard", older, in: f.people)
            try "off\n".write(toFile: f.people + "/off.txt", atomically: true, encoding: .utf8)
            try Shell.git("add", "-A", in: f.people)
            try Shell.git("commit", "-q", "-m", "off base", in: f.people)
            try Shell.git("push", "-q", "--force", "origin", f.branch, in: f.people)
            try f.run("patch", "list", "--quiet").expect(0)
            failing = "patch-base"
        case .smokeNotPassed:
            try f.setSmoke("failed", on: try f.tip)
            failing = "smoke"
        case .noRow:
            from = "patch/unknown"
            failing = "patch-row"
        case .retiredRow:
            try f.run("patch", "retire", "role-additional").expect(0)
            failing = "patch-row"
        }
        if refusal != .smokeNotPassed, refusal != .retiredRow { try f.setSmoke("passed", on: try f.tip) }
        let refs = try f.m.allRefs()
        let ledger = try f.ledger()
        let registry = try f.registry()
        let refused = try f.run("publish-tag", version, "--from", from, "--json").expect(5)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(refused.stdout.utf8)) as? [String: Any], "\(refused.output)")
        let checks = try #require(json["checks"] as? [[String: Any]])
        let failed = checks.filter { $0["status"] as? String == "fail" }.compactMap { $0["id"] as? String }
        #expect(failed == [failing], "\(refused.stdout)")
        #expect(try f.m.allRefs() == refs, "nothing created or pushed")
        #expect(try f.ledger() == ledger)
        #expect(try f.registry() == registry)
    }
}
