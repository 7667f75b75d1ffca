import Foundation
import Git
@testable import ReleaseMirror
import Testing

/// `publish-tag`'s checks judged on facts built here, without any repository (SPEC §5.4).
@Suite struct PublishFactsTests {
    static let source = "@moonshot-ai/kimi-code@0.14.2"
    static let commit = ObjectID(hex: String(repeating: "c0", count: 20))!
    static let other = ObjectID(hex: String(repeating: "0e", count: 20))!
    static let tagObject = ObjectID(hex: String(repeating: "7a", count: 20))!

    static func configuration(_ extra: String = "") throws -> Configuration {
        try ConfigurationLoader.parse(
            "[upstream]\nurl = \"https://example.invalid/kimi.git\"\n" + extra, file: "/cfg/release-mirror.toml")
    }

    /// Facts where every check passes: a mirror tag with its ledger row, the manifest, a passing
    /// smoke note, a free publish tag.
    static func passing(version: String = "0.9.3", extra: String = "") throws -> PublishFacts {
        let note = SmokeNote(
            status: .passed, command: ["true"], started: "2026-01-02T03:04:05Z", durationSeconds: 1.5, logTail: "",
            toolVersion: "1.0.0", ref: "refs/tags/" + source)
        var facts = PublishFacts(
            version: version, sourceTag: source, publishTag: "publish-sdk/v" + version, allowUnverified: false,
            checksRemote: false, configuration: try configuration(extra), patch: nil)
        facts.ledger = .init(
            row: LedgerRow(tag: source, commit: commit.short(12), sdkVersion: SemanticVersion("0.9.3"), line: 7))
        facts.mirrorTag = .commit(commit)
        facts.manifest = .success(Manifest(name: "@moonshot-ai/kimi-code-sdk", version: SemanticVersion("0.9.3")!, blob: other))
        facts.noteText = note.encoded()
        return facts
    }

    func status(_ facts: PublishFacts, _ kind: PublishCheck.Kind) -> PublishCheck.Status? {
        facts.evaluation().checks.first { $0.id == kind }?.status
    }

    @Test func everyCheckPassesAndTheMessageRecordsTheFacts() throws {
        let evaluation = try Self.passing().evaluation()
        #expect(evaluation.checks.map(\.id) == PublishCheck.Kind.allCases.filter { !$0.isPatchOnly })
        #expect(evaluation.checks.map(\.status) == [.pass, .pass, .pass, .pass, .pass, .pass, .pass])
        #expect(evaluation.checks[0].evidence.contains("RELEASES.md:7 agrees"))
        #expect(evaluation.action == .create)
        #expect(evaluation.commit == Self.commit)
        #expect(evaluation.smoke == .passed)
        let message = try #require(evaluation.message)
        #expect(message.manifestVersion == "0.9.3")
        #expect(message.smoke == "passed (started 2026-01-02T03:04:05Z, 1.5 s, release-mirror 1.0.0)")
        #expect(!message.allowUnverified)
    }

    @Test func aMissingMirrorTagSkipsEveryLaterCheck() throws {
        var facts = try Self.passing()
        facts.mirrorTag = .missing
        let evaluation = facts.evaluation()
        #expect(evaluation.checks.map(\.status) == [.fail, .skipped, .skipped, .skipped, .skipped, .skipped, .skipped])
        #expect(evaluation.checks[1].evidence == "not checked: no source commit (see mirror-tag)")
        #expect(evaluation.commit == nil && evaluation.message == nil)

        facts.mirrorTag = .notCommit(Self.tagObject)
        #expect(facts.evaluation().checks[0].evidence.contains("does not peel to a commit"))
        facts.sourceTag = "v0.14.2"
        #expect(facts.evaluation().checks[0].evidence.contains("is not a release tag"))
    }

    @Test func aMovedMirrorTagFailsButTheOtherChecksRun() throws {
        var facts = try Self.passing()
        facts.mirrorTag = .commit(Self.other)
        let checks = facts.evaluation().checks
        #expect(checks[0].status == .fail)
        #expect(checks[0].evidence.contains("the mirror tag moved"))
        #expect(checks.dropFirst().allSatisfy { $0.status != .skipped })
    }

    @Test func manifestNameAndVersion() throws {
        var facts = try Self.passing(version: "0.9.4")
        #expect(status(facts, .version) == .fail)
        facts = try Self.passing(extra: "[publish]\npackage-name = \"other\"\n")
        #expect(status(facts, .packageName) == .fail)
        facts.manifest = .failure(ManifestError(ref: Self.source, path: "package.json", commit: Self.commit, problem: .absent))
        #expect(status(facts, .manifest) == .fail)
        #expect(status(facts, .packageName) == .skipped)
        #expect(status(facts, .version) == .skipped)
        #expect(status(facts, .ledgerRow) == .skipped)
        #expect(facts.evaluation().message == nil)
        facts = try Self.passing(version: "0.14.2-botiverse.3", extra: "[publish]\nversion-from = \"release-tag\"\nallow-suffix = \"-botiverse.{n}\"\n")
        #expect(status(facts, .version) == .pass)
    }

    @Test func smokeIsRequiredWaivedOrNotRequired() throws {
        var facts = try Self.passing()
        facts.noteText = nil
        #expect(status(facts, .smoke) == .fail)
        facts.noteText = "not a smoke note"
        #expect(facts.evaluation().checks.first { $0.id == .smoke }?.evidence.contains("is not a smoke note") == true)
        facts.allowUnverified = true
        #expect(status(facts, .smoke) == .waived)
        #expect(facts.evaluation().message?.allowUnverified == true)
        facts = try Self.passing(extra: "[publish]\nrequire-smoke = false\n")
        facts.noteText = nil
        #expect(status(facts, .smoke) == .skipped)
    }

    @Test func thePublishTagDecidesTheAction() throws {
        var facts = try Self.passing()
        facts.checksRemote = true
        #expect(facts.evaluation().action == .create)
        facts.tags = .init(local: Self.tagObject, localCommit: Self.commit)
        #expect(facts.evaluation().action == .pushOnly)
        facts.tags.remote = Self.tagObject
        facts.tags.remoteCommit = Self.commit
        facts.tags.remoteKnown = true
        #expect(facts.evaluation().action == .none)
        #expect(status(facts, .publishTag) == .pass)
        facts.tags.local = nil
        facts.tags.localCommit = nil
        #expect(facts.evaluation().action == .adopt)
        facts.tags.remoteKnown = false
        facts.tags.remoteCommit = nil
        #expect(status(facts, .publishTag) == .fail)
        facts.tags = .init(local: Self.tagObject, localCommit: Self.other)
        #expect(status(facts, .publishTag) == .fail)
        facts.tags = .init(local: Self.tagObject, localCommit: Self.commit, remote: Self.other, remoteCommit: Self.commit, remoteKnown: true)
        #expect(facts.evaluation().checks.first { $0.id == .publishTag }?.evidence.contains("different tag objects") == true)
    }

    @Test func theLedgerRowMustBeThereWithTheManifestVersion() throws {
        var facts = try Self.passing()
        facts.ledger.row?.sdkVersion = SemanticVersion("0.9.2")
        #expect(status(facts, .ledgerRow) == .fail)
        facts.ledger = .init()
        #expect(status(facts, .ledgerRow) == .fail)
        facts.ledger = .init(trouble: "no ledger at RELEASES.md")
        #expect(facts.evaluation().checks.last?.evidence.hasPrefix("no ledger at RELEASES.md;") == true)
    }

    @Test func aPatchPublishesItsTipWithTheSuffixOnly() throws {
        var facts = try Self.passing(version: "0.9.3-botiverse.1", extra: "[publish]\nallow-suffix = \"-botiverse.{n}\"\n")
        let tip = Self.other
        facts.patch = .init(
            branch: "patch/fix", row: PatchRow(branch: "patch/fix", baseTag: Self.source, line: 3), tip: tip, registry: "README.md")
        facts.patchBase = .init(containsBase: true, ahead: 2)
        var evaluation = facts.evaluation()
        #expect(evaluation.checks.map(\.id) == PublishCheck.Kind.patchOrder)
        #expect(evaluation.checks.allSatisfy { $0.status == .pass })
        #expect(evaluation.commit == tip)
        #expect(evaluation.message?.patchBranch == "patch/fix")

        facts.version = "0.9.3"
        #expect(status(facts, .version) == .fail)
        facts.patchBase = .init(containsBase: false, ahead: 0)
        evaluation = facts.evaluation()
        #expect(evaluation.commit == nil)
        #expect(evaluation.checks.filter { $0.status == .skipped }.count == 6)
        facts.patch?.row?.status = .retired(archive: nil)
        evaluation = facts.evaluation()
        #expect(evaluation.checks.map(\.status) == [.fail] + Array(repeating: .skipped, count: 8))
    }
}
