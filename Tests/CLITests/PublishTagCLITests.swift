import Foundation
import Testing
import TestSupport

@Suite struct PublishTagCLITests {
    @Test func publishesTheRightVersionFromTheFirstTagCarryingItAndPushes() throws {
        let fixture = try PublishCLIFixture()
        let source = fixture.tag(6)  // 0.4.0, the first release with SDK 0.1.2
        try fixture.setSmoke("passed", on: source)

        let dry = try fixture.run(["publish-tag", "0.1.2", "--from", source, "--dry-run", "--json"]).expect(0)
        let plan = try JSONSerialization.jsonObject(with: Data(dry.stdout.utf8)) as? [String: Any]
        #expect(plan?["outcome"] as? String == "would-create")
        let checks = plan?["checks"] as? [[String: Any]] ?? []
        #expect(checks.map { $0["id"] as? String } == ["mirror-tag", "manifest", "package-name", "version", "smoke", "publish-tag", "ledger-row"])
        #expect(checks.allSatisfy { $0["status"] as? String == "pass" })
        #expect(try Upstream.refList(fixture.directory).contains("publish-sdk") == false)

        let result = try fixture.run(["publish-tag", "0.1.2", "--from", source]).expect(0)
        for id in ["mirror-tag", "manifest", "package-name", "version", "smoke", "publish-tag", "ledger-row"] {
            #expect(result.stdout.contains("pass   \(id)"), "\(id): \(result.stdout)")
        }
        // The evidence: the commit, the manifest version found, the smoke note.
        let commit = try fixture.commit(source)
        #expect(result.stdout.contains("commit \(commit.prefix(12))"))
        #expect(result.stdout.contains("version 0.1.2"))
        #expect(result.stdout.contains("passed (started 2026-01-01T04:17:00Z"))
        #expect(result.stdout.contains("created publish-sdk/v0.1.2"))
        // Annotated, on the source commit, pushed, recorded.
        #expect(try fixture.git("cat-file", "-t", "publish-sdk/v0.1.2") == "tag")
        #expect(try fixture.git("rev-parse", "publish-sdk/v0.1.2^{commit}") == commit)
        #expect(try Shell.git("rev-parse", "refs/tags/publish-sdk/v0.1.2", in: fixture.origin) == (try fixture.git("rev-parse", "publish-sdk/v0.1.2")))
        let message = try fixture.git("tag", "-l", "--format=%(contents)", "publish-sdk/v0.1.2")
        #expect(message.contains("Source-Tag: \(source)"))
        #expect(message.contains("Source-Commit: \(commit)"))
        #expect(message.contains("Manifest-Version: 0.1.2"))
        #expect(message.contains("Smoke: passed"))
        #expect(try fixture.ledgerLines()[try fixture.line(of: source) - 1].contains("| `publish-sdk/v0.1.2` | passed |"))
        // A following audit is clean; a re-run is a successful no-op.
        #expect(try fixture.run(["audit"]).expect(0).stdout.contains("0 error(s)"))
        let refs = try fixture.allRefs()
        #expect(try fixture.run(["publish-tag", "0.1.2", "--from", source]).expect(0).stdout.contains("already exists"))
        #expect(try fixture.allRefs() == refs)
    }

    @Test func everyFailedCheckExitsFiveWithItsReasonAndCreatesNothing() throws {
        let fixture = try PublishCLIFixture()
        try fixture.setSmoke("passed", on: fixture.tag(0))
        try fixture.setSmoke("passed", on: fixture.tag(6))
        try fixture.setSmoke("failed", on: fixture.tag(3))
        try fixture.setSmoke("passed", on: fixture.tag(9))
        // Someone tagged 0.1.0 by hand on 0.2.1's commit; 0.5.0's row is missing from the ledger.
        try fixture.git("tag", "-a", "-m", "by hand", "publish-sdk/v0.1.0", try fixture.commit(fixture.tag(1)))
        var lines = try fixture.ledgerLines()
        lines.remove(at: try fixture.line(of: fixture.tag(9)) - 1)
        try lines.joined(separator: "\n").write(toFile: fixture.ledgerPath, atomically: true, encoding: .utf8)

        let cases: [(String, String, String, String)] = [
            ("0.1.3", fixture.tag(6), "version", "0.1.3 ≠ manifest version 0.1.2"),
            ("0.1.2", "@moonshot-ai/kimi-code@9.9.9", "mirror-tag", "no mirror tag refs/tags/@moonshot-ai/kimi-code@9.9.9"),
            ("0.1.2", fixture.tag(7), "smoke", "no smoke note"),
            ("0.1.1", fixture.tag(3), "smoke", "says failed"),
            ("0.1.0", fixture.tag(0), "publish-tag", "refs/tags/publish-sdk/v0.1.0 already exists"),
            ("0.1.3", fixture.tag(9), "ledger-row", "no row for \(fixture.tag(9))"),
        ]
        for (version, from, check, reason) in cases {
            let refs = try fixture.allRefs()
            let ledger = try fixture.ledger()
            let result = try fixture.run(["publish-tag", version, "--from", from]).expect(5)
            #expect(result.stdout.contains("FAIL   \(check)"), "\(version) from \(from): \(result.stdout)")
            #expect(result.stdout.contains(reason), "\(version) from \(from): \(result.stdout)")
            #expect(result.stderr.contains("refused: 1 check(s) failed (\(check)); nothing was created, written or pushed"))
            #expect(try fixture.allRefs() == refs, "\(version) from \(from) created a ref")
            #expect(try fixture.ledger() == ledger, "\(version) from \(from) wrote the ledger")
            let json = try fixture.run(["--json", "publish-tag", version, "--from", from]).expect(5)
            let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
            #expect(object?["outcome"] as? String == "refused")
        }
        #expect(try Upstream.refList(fixture.origin).contains("publish-sdk") == false)
        // Not a version at all: a usage error.
        #expect(try fixture.run(["publish-tag", "latest", "--from", fixture.tag(6)]).expect(2).stderr.contains("not a SemVer"))
    }

    @Test func allowUnverifiedAndNoPush() throws {
        let fixture = try PublishCLIFixture()
        let result = try fixture.run(["publish-tag", "0.1.2", "--from", "0.4.0", "--allow-unverified", "--no-push"]).expect(0)
        #expect(result.stdout.contains("WAIVED smoke"))
        #expect(try fixture.git("tag", "-l", "--format=%(contents)", "publish-sdk/v0.1.2").contains("Allow-Unverified: yes"))
        #expect(try Upstream.refList(fixture.origin).contains("publish-sdk") == false)
        // audit keeps pointing at the unverified publish
        let audit = try fixture.run(["audit"]).expect(5)
        #expect(audit.stdout.contains("published-unverified"))
    }
}
