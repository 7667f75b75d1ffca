import Foundation
import Git
@testable import ReleaseMirror
import Testing
import TestSupport

@Suite struct PublishVersionRuleTests {
    @Test func exactSuffixedAndDisagreeing() throws {
        let plain = PublishVersionRule(allowSuffix: nil)
        #expect(plain.compare("0.9.3", base: "0.9.3") == .exact)
        #expect(plain.compare("0.9.3-botiverse.1", base: "0.9.3") == .disagrees)
        #expect(plain.allowed(for: "0.9.3") == "0.9.3")
        let rule = PublishVersionRule(allowSuffix: NamePattern("-botiverse.{n}", placeholder: "{n}"))
        #expect(rule.compare("0.9.3", base: "0.9.3") == .exact)
        #expect(rule.compare("0.9.3-botiverse.1", base: "0.9.3") == .suffixed(1))
        #expect(rule.compare("0.9.3-botiverse.12", base: "0.9.3") == .suffixed(12))
        #expect(rule.compare("0.9.3-botiverse.01", base: "0.9.3") == .disagrees, "leading zero")
        #expect(rule.compare("0.9.3-botiverse.", base: "0.9.3") == .disagrees)
        #expect(rule.compare("0.9.3-botiverse.x", base: "0.9.3") == .disagrees)
        #expect(rule.compare("0.9.4-botiverse.1", base: "0.9.3") == .disagrees)
        #expect(rule.compare("0.9.30", base: "0.9.3") == .disagrees, "a longer version is not a suffix")
        #expect(rule.compare("0.9.3-rc.1-botiverse.2", base: "0.9.3-rc.1") == .suffixed(2))
        #expect(rule.allowed(for: "0.9.3") == "0.9.3 or 0.9.3-botiverse.N")
    }

    @Test func tagMessageRoundTrips() throws {
        let commit = try #require(ObjectID(hex: String(repeating: "ab", count: 20)))
        let message = PublishTagMessage(
            publishTag: "publish-sdk/v0.9.3", sourceTag: "@moonshot-ai/kimi-code@0.14.2", commit: commit,
            manifest: "packages/node-sdk/package.json", manifestVersion: "0.9.3", packageName: "@moonshot-ai/kimi-code-sdk",
            smoke: "none", allowUnverified: true)
        let text = message.rendered()
        #expect(text.contains("Source-Tag: @moonshot-ai/kimi-code@0.14.2\n"))
        #expect(text.contains("Source-Commit: \(commit.hex)\n"))
        #expect(text.contains("Manifest-Version: 0.9.3\n"))
        #expect(text.contains("Smoke: none\n"))
        #expect(text.contains("Allow-Unverified: yes"))
        #expect(PublishTagMessage.parse(text, publishTag: "publish-sdk/v0.9.3") == message)
        #expect(PublishTagMessage.parse("Release 1.0\n", publishTag: "x") == nil)
    }

    @Test func sourceTagAcceptsNameRefOrVersion() throws {
        let pattern = try #require(NamePattern("@moonshot-ai/kimi-code@{version}"))
        #expect(PublishTagger.sourceTag("@moonshot-ai/kimi-code@0.14.2", pattern: pattern) == "@moonshot-ai/kimi-code@0.14.2")
        #expect(PublishTagger.sourceTag("refs/tags/@moonshot-ai/kimi-code@0.14.2", pattern: pattern) == "@moonshot-ai/kimi-code@0.14.2")
        #expect(PublishTagger.sourceTag("0.14.2", pattern: pattern) == "@moonshot-ai/kimi-code@0.14.2")
        #expect(PublishTagger.sourceTag("v0.14.2", pattern: pattern) == "v0.14.2")
    }
}

@Suite struct PublishTaggerTests {
    /// The check that failed, asserting that it is the only one and that nothing changed anywhere.
    func refusal(
        _ fixture: PublishMirrorFixture, _ request: PublishRequest, edit: (inout Configuration) -> Void = { _ in }
    ) throws -> PublishCheck {
        let refs = try fixture.allRefs()
        let ledger = try fixture.ledgerBytes()
        let result = try PublishTagger(workspace: fixture.workspace(edit)).run(request)
        #expect(result.outcome == .refused)
        #expect(result.exitStatus == .checkFailed)
        #expect(result.tagObject == nil)
        #expect(try fixture.allRefs() == refs, "a refused publish created or moved a ref")
        #expect(try fixture.ledgerBytes() == ledger, "a refused publish wrote the ledger")
        #expect(result.failed.count == 1, "\(result.checks)")
        return try #require(result.failed.first)
    }

    @Test func publishesTheFirstTagCarryingTheVersionPushesAndFillsTheLedger() throws {
        let fixture = try PublishMirrorFixture()
        let source = fixture.tag(6)  // 0.4.0: the first release carrying SDK 0.1.2
        try fixture.setSmoke(.passed, on: source)
        let line = try fixture.ledgerLine(of: source)
        let before = try String(contentsOfFile: fixture.ledgerPath, encoding: .utf8)

        let result = try PublishTagger(workspace: fixture.workspace()).run(PublishRequest(version: "0.1.2", from: source))
        #expect(result.outcome == .created)
        #expect(result.failed.isEmpty)
        #expect(result.checks.map(\.id) == PublishCheck.Kind.allCases.filter { !$0.isPatchOnly })
        #expect(result.checks.allSatisfy { $0.status == .pass }, "\(result.checks)")
        #expect(result.pushed)
        #expect(result.ledgerLine == line)
        let commit = try fixture.commit(source)
        #expect(result.commit == commit)

        // An annotated tag on the source commit, recording where it came from.
        let repository = try Repository.open(at: fixture.directory)
        let object = try #require(try repository.referenceTarget("refs/tags/publish-sdk/v0.1.2"))
        #expect(try repository.kind(of: object) == .tag)
        #expect(try repository.peelToCommit(object) == commit)
        let message = try #require(try repository.tag(object)).message
        let fields = try #require(PublishTagMessage.parse(message, publishTag: "publish-sdk/v0.1.2"))
        #expect(fields.sourceTag == source)
        #expect(fields.commit == commit)
        #expect(fields.manifestVersion == "0.1.2")
        #expect(fields.smoke.hasPrefix("passed"))
        #expect(!fields.allowUnverified)
        // Pushed to the published mirror.
        #expect(try Shell.git("rev-parse", "refs/tags/publish-sdk/v0.1.2", in: fixture.origin) == object.hex)

        // Only that row's line changed: Publish tag and Smoke cells filled in.
        let after = try String(contentsOfFile: fixture.ledgerPath, encoding: .utf8)
        let changed = zip(before.components(separatedBy: "\n"), after.components(separatedBy: "\n")).enumerated()
            .filter { $0.element.0 != $0.element.1 }
        #expect(changed.map { $0.offset + 1 } == [line])
        #expect(
            changed.first?.element.1.hasPrefix("| `\(source)` | `\(commit.short())` | 0.1.2 | `publish-sdk/v0.1.2` | passed | ") == true,
            "the Interface cell follows, unchanged")
        // … so a following audit has no errors.
        #expect(try Auditor(workspace: fixture.workspace()).audit().errors == 0)

        // Re-running on the same commit is a successful no-op.
        let refs = try fixture.allRefs()
        let ledger = try fixture.ledgerBytes()
        let again = try PublishTagger(workspace: fixture.workspace()).run(PublishRequest(version: "0.1.2", from: source))
        #expect(again.outcome == .alreadyPublished)
        #expect(again.exitStatus == .success)
        #expect(!again.pushed)
        #expect(again.ledgerLine == nil)
        #expect(try fixture.allRefs() == refs)
        #expect(try fixture.ledgerBytes() == ledger)
    }

    @Test func wrongVersionIsRefused() throws {
        let fixture = try PublishMirrorFixture()
        try fixture.setSmoke(.passed, on: fixture.tag(6))
        let check = try refusal(fixture, PublishRequest(version: "0.1.3", from: fixture.tag(6)))
        #expect(check.id == .version)
        #expect(check.evidence.contains("0.1.3 ≠ manifest version 0.1.2"))
    }

    @Test func missingMirrorTagIsRefused() throws {
        let fixture = try PublishMirrorFixture()
        let result = try PublishTagger(workspace: fixture.workspace())
            .run(PublishRequest(version: "0.1.2", from: "@moonshot-ai/kimi-code@9.9.9"))
        #expect(result.outcome == .refused)
        #expect(result.failed.map(\.id) == [.mirrorTag])
        #expect(result.failed.first?.evidence.contains("no mirror tag refs/tags/@moonshot-ai/kimi-code@9.9.9") == true)
        #expect(result.checks.dropFirst().allSatisfy { $0.status == .skipped })
        let notRelease = try PublishTagger(workspace: fixture.workspace()).run(PublishRequest(version: "0.1.2", from: "nightly-0001"))
        #expect(notRelease.failed.first?.evidence.contains("is not a release tag") == true)
        #expect(try Upstream.refList(fixture.origin).contains("publish-sdk") == false)
    }

    @Test func failedOrMissingSmokeNoteIsRefused() throws {
        let fixture = try PublishMirrorFixture()
        let missing = try refusal(fixture, PublishRequest(version: "0.1.2", from: fixture.tag(6)))
        #expect(missing.id == .smoke)
        #expect(missing.evidence.contains("no smoke note"))
        try fixture.setSmoke(.failed, on: fixture.tag(6))
        let failed = try refusal(fixture, PublishRequest(version: "0.1.2", from: fixture.tag(6)))
        #expect(failed.id == .smoke)
        #expect(failed.evidence.contains("says failed"))
        try fixture.setSmoke(.timedOut, on: fixture.tag(6))
        #expect(try refusal(fixture, PublishRequest(version: "0.1.2", from: fixture.tag(6))).id == .smoke)
    }

    @Test func allowUnverifiedIsRecordedInTheTag() throws {
        let fixture = try PublishMirrorFixture()
        try fixture.setSmoke(.failed, on: fixture.tag(6))
        let result = try PublishTagger(workspace: fixture.workspace())
            .run(PublishRequest(version: "0.1.2", from: fixture.tag(6), allowUnverified: true))
        #expect(result.outcome == .created)
        #expect(result.checks.first { $0.id == .smoke }?.status == .waived)
        let message = try #require(result.message)
        #expect(message.contains("Allow-Unverified: yes"))
        #expect(message.contains("Smoke: failed"))
        // and audit keeps saying it is unverified
        let report = try Auditor(workspace: fixture.workspace()).audit()
        #expect(report.findings.map(\.id) .contains(.publishedUnverified))
    }

    @Test func existingPublishTagOnAnotherCommitIsRefused() throws {
        let fixture = try PublishMirrorFixture()
        try fixture.setSmoke(.passed, on: fixture.tag(6))
        // Someone tagged 0.1.2 by hand on 0.4.1's commit.
        try fixture.git("tag", "-a", "-m", "by hand", "publish-sdk/v0.1.2", try fixture.commit(fixture.tag(7)).hex)
        let check = try refusal(fixture, PublishRequest(version: "0.1.2", from: fixture.tag(6)))
        #expect(check.id == .publishTag)
        #expect(check.evidence.contains("already exists"))
        #expect(check.evidence.contains("never moves"))
    }

    @Test func publishTagOnlyOnThePublishedMirrorIsChecked() throws {
        let fixture = try PublishMirrorFixture()
        try fixture.setSmoke(.passed, on: fixture.tag(6))
        // The published mirror has 0.1.2 on another commit; this copy does not know yet.
        try Shell.git(
            "push", "-q", fixture.origin, "\(try fixture.commit(fixture.tag(7)).hex):refs/tags/publish-sdk/v0.1.2",
            in: fixture.directory)
        let check = try refusal(fixture, PublishRequest(version: "0.1.2", from: fixture.tag(6)))
        #expect(check.id == .publishTag)
        #expect(check.evidence.contains("on the published mirror"))
        // Without push the remote is not consulted: a local-only tag may be made.
        let local = try PublishTagger(workspace: fixture.workspace())
            .run(PublishRequest(version: "0.1.2", from: fixture.tag(6), dryRun: true, push: false))
        #expect(local.outcome == .wouldCreate)
    }

    @Test func missingLedgerRowIsRefused() throws {
        let fixture = try PublishMirrorFixture()
        try fixture.setSmoke(.passed, on: fixture.tag(6))
        let line = try fixture.ledgerLine(of: fixture.tag(6))
        try fixture.editLedger { $0.remove(at: line - 1) }
        let check = try refusal(fixture, PublishRequest(version: "0.1.2", from: fixture.tag(6)))
        #expect(check.id == .ledgerRow)
        #expect(check.evidence.contains("no row for \(fixture.tag(6))"))
        #expect(check.evidence.contains("ledger update"))
    }

    @Test func ledgerRowDisagreeingWithGitIsRefused() throws {
        let fixture = try PublishMirrorFixture()
        try fixture.setSmoke(.passed, on: fixture.tag(6))
        let line = try fixture.ledgerLine(of: fixture.tag(6))
        // The row's SDK version is wrong.
        try fixture.editLedger { $0[line - 1] = $0[line - 1].replacingOccurrences(of: "| 0.1.2 |", with: "| 0.1.1 |") }
        let version = try refusal(fixture, PublishRequest(version: "0.1.2", from: fixture.tag(6)))
        #expect(version.id == .ledgerRow)
        #expect(version.evidence.contains("says SDK 0.1.1"))
        // The row's commit is another one: the mirror tag does not match its row.
        try fixture.editLedger { $0[line - 1] = $0[line - 1].replacingOccurrences(of: "| 0.1.1 |", with: "| 0.1.2 |") }
        let other = try fixture.commit(fixture.tag(7)).short()
        let commit = try fixture.commit(fixture.tag(6)).short()
        try fixture.editLedger { $0[line - 1] = $0[line - 1].replacingOccurrences(of: commit, with: other) }
        let moved = try refusal(fixture, PublishRequest(version: "0.1.2", from: fixture.tag(6)))
        #expect(moved.id == .mirrorTag)
        #expect(moved.evidence.contains("says \(other)"))
    }

    @Test func packageNameMustMatch() throws {
        let fixture = try PublishMirrorFixture()
        try fixture.setSmoke(.passed, on: fixture.tag(6))
        let check = try refusal(fixture, PublishRequest(version: "0.1.2", from: fixture.tag(6))) {
            $0.publish.packageName = "@other/sdk"
        }
        #expect(check.id == .packageName)
        #expect(check.evidence.contains("\"@moonshot-ai/kimi-code-sdk\""))
    }

    @Test func versionFromReleaseTag() throws {
        let fixture = try PublishMirrorFixture()
        try fixture.setSmoke(.passed, on: fixture.tag(6))
        let releaseTag: (inout Configuration) -> Void = { $0.publish.versionFrom = .releaseTag }
        let check = try refusal(fixture, PublishRequest(version: "0.1.2", from: fixture.tag(6)), edit: releaseTag)
        #expect(check.id == .version)
        #expect(check.evidence.contains("release tag version 0.4.0"))
        let result = try PublishTagger(workspace: fixture.workspace(releaseTag)).run(PublishRequest(version: "0.4.0", from: fixture.tag(6)))
        #expect(result.outcome == .created)
        #expect(result.publishTag == "publish-sdk/v0.4.0")
        #expect(result.message?.contains("Manifest-Version: 0.1.2") == true)
        #expect(try Auditor(workspace: fixture.workspace(releaseTag)).audit().errors == 0)
    }

    @Test func allowSuffixPublishesTheDriftedTreeAgain() throws {
        let fixture = try PublishMirrorFixture()
        let suffix: (inout Configuration) -> Void = { $0.publish.allowSuffix = NamePattern("-botiverse.{n}", placeholder: "{n}") }
        try fixture.setSmoke(.passed, on: fixture.tag(6))
        try fixture.setSmoke(.passed, on: fixture.tag(7))
        #expect(try PublishTagger(workspace: fixture.workspace(suffix)).run(PublishRequest(version: "0.1.2", from: fixture.tag(6))).outcome == .created)
        // 0.4.1 changed the SDK without a bump: 0.1.2 is taken, 0.1.2-botiverse.1 is the way.
        let taken = try refusal(fixture, PublishRequest(version: "0.1.2", from: fixture.tag(7)), edit: suffix)
        #expect(taken.id == .publishTag)
        #expect(taken.evidence.contains("0.1.2-botiverse.1"))
        #expect(try refusal(fixture, PublishRequest(version: "0.1.2-other.1", from: fixture.tag(7)), edit: suffix).id == .version)
        #expect(try refusal(fixture, PublishRequest(version: "0.1.2-botiverse.1", from: fixture.tag(7))).id == .version, "no allow-suffix configured")
        let extra = try PublishTagger(workspace: fixture.workspace(suffix)).run(PublishRequest(version: "0.1.2-botiverse.1", from: fixture.tag(7)))
        #expect(extra.outcome == .created)
        #expect(extra.publishTag == "publish-sdk/v0.1.2-botiverse.1")
        #expect(extra.checks.first { $0.id == .version }?.evidence.contains("n = 1") == true)
        let row = try String(contentsOfFile: fixture.ledgerPath, encoding: .utf8).components(separatedBy: "\n")[try fixture.ledgerLine(of: fixture.tag(7)) - 1]
        #expect(row.contains("`publish-sdk/v0.1.2-botiverse.1`"))
        #expect(try Auditor(workspace: fixture.workspace(suffix)).audit().errors == 0)
        // ledger update keeps both publish tags in their rows
        try fixture.cli(["ledger", "update", "--quiet"])
        #expect(try Auditor(workspace: fixture.workspace(suffix)).audit().errors == 0)
    }

    @Test func dryRunAndNoPushCreateNothingRemotely() throws {
        let fixture = try PublishMirrorFixture()
        try fixture.setSmoke(.passed, on: fixture.tag(6))
        let refs = try fixture.allRefs()
        let ledger = try fixture.ledgerBytes()
        let dry = try PublishTagger(workspace: fixture.workspace()).run(PublishRequest(version: "0.1.2", from: fixture.tag(6), dryRun: true))
        #expect(dry.outcome == .wouldCreate)
        #expect(dry.exitStatus == .success)
        #expect(dry.message?.contains("Source-Tag: \(fixture.tag(6))") == true)
        #expect(try fixture.allRefs() == refs)
        #expect(try fixture.ledgerBytes() == ledger)

        let local = try PublishTagger(workspace: fixture.workspace()).run(PublishRequest(version: "0.1.2", from: fixture.tag(6), push: false))
        #expect(local.outcome == .created)
        #expect(!local.pushed)
        #expect(try Upstream.refList(fixture.origin).contains("publish-sdk") == false)
        // Re-running with push completes the work: the same tag object is pushed.
        let completed = try PublishTagger(workspace: fixture.workspace()).run(PublishRequest(version: "0.1.2", from: fixture.tag(6)))
        #expect(completed.outcome == .alreadyPublished)
        #expect(completed.pushed)
        #expect(try Shell.git("rev-parse", "refs/tags/publish-sdk/v0.1.2", in: fixture.origin) == local.tagObject?.hex)
    }

    @Test func takesTheRunLockAndRejectsBadVersions() throws {
        let fixture = try PublishMirrorFixture()
        try fixture.setSmoke(.passed, on: fixture.tag(6))
        let workspace = try fixture.workspace()
        do {
            let held = try workspace.lock(timeout: 0)
            let error = try #require(throws: MirrorError.self) {
                try PublishTagger(workspace: fixture.workspace()).run(PublishRequest(version: "0.1.2", from: fixture.tag(6)))
            }
            #expect(error.exitStatus == .locked)
            withExtendedLifetime(held) {}
        }
        let usage = try #require(throws: MirrorError.self) {
            try PublishTagger(workspace: fixture.workspace()).run(PublishRequest(version: "v0.1.2", from: fixture.tag(6)))
        }
        #expect(usage.exitStatus == .usage)
        #expect(try Upstream.refList(fixture.directory).contains("publish-sdk") == false)
    }
}
