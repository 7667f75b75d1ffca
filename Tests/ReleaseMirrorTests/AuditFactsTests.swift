import Foundation
import Git
@testable import ReleaseMirror
import Testing

/// `audit`'s checks judged on facts built here (a ledger text and an inventory), without any
/// repository (SPEC §5.5).
@Suite struct AuditFactsTests {
    static func id(_ byte: String) -> ObjectID { ObjectID(hex: String(repeating: byte, count: 20))! }
    static let configuration = try! ConfigurationLoader.parse(
        "[upstream]\nurl = \"https://example.invalid/x.git\"\nrelease-tags = \"v{version}\"\n"
            + "[publish]\nmanifest = \"pkg/package.json\"\n",
        file: "/cfg/release-mirror.toml")

    static func release(_ version: String, commit: String, sdk: String?, tree: String) -> ReleaseInventory.Release {
        let manifest: Result<Manifest, ManifestError> =
            sdk.map { .success(Manifest(name: "sdk", version: SemanticVersion($0)!, blob: id("bb"))) }
            ?? .failure(ManifestError(ref: "v" + version, path: "pkg/package.json", commit: id(commit), problem: .absent))
        return .init(
            tag: "v" + version, version: SemanticVersion(version)!, object: id(commit), commit: id(commit), manifest: manifest,
            packageTree: id(tree), smoke: .passed)
    }

    /// Two releases, a publish tag on the first, and their rows: nothing to find.
    static let inventory = ReleaseInventory(
        releases: [release("1.0.0", commit: "c1", sdk: "0.1.0", tree: "e1"), release("1.1.0", commit: "c2", sdk: "0.2.0", tree: "e2")],
        publishTags: [.init(name: "publish-sdk/v0.1.0", version: "0.1.0", object: id("d1"), commit: id("c1"), smoke: .passed)],
        releaseBranches: [.init(name: "release/v1.0.0", version: SemanticVersion("1.0.0"), commit: id("c1"))])
    static let rows = [
        LedgerRow(tag: "v1.0.0", commit: id("c1").short(12), sdkVersion: SemanticVersion("0.1.0"), publishTags: ["publish-sdk/v0.1.0"]),
        LedgerRow(tag: "v1.1.0", commit: id("c2").short(12), sdkVersion: SemanticVersion("0.2.0")),
    ]

    static func facts(rows: [LedgerRow] = rows, inventory: ReleaseInventory = inventory, table: Bool = true) -> AuditFacts {
        let lines =
            ["# Releases", ""]
            + (table
                ? [LedgerTable.beginMarker, LedgerTable.headerWithoutInterface, LedgerTable.separatorWithoutInterface]
                    + rows.map { $0.rendered() } + [LedgerTable.endMarker]
                : [])
        let document = LedgerDocument(bytes: Array((lines.joined(separator: "\n") + "\n").utf8))
        return AuditFacts(document: document, inventory: inventory, configuration: configuration, ledgerName: "RELEASES.md")
    }

    func ids(_ findings: [AuditFinding]) -> [String] {
        findings.map { "\($0.id.rawValue)@\($0.line.map(String.init) ?? "-"):\($0.subject)" }
    }

    @Test func aLedgerThatAgreesWithGitHasNoFinding() {
        let facts = Self.facts()
        #expect(facts.document.problems.isEmpty && facts.document.rows.count == 2)
        #expect(facts.findings().isEmpty)
        #expect(facts.firstRow["v1.1.0"]?.line == 7)
        #expect(facts.listedPublish["publish-sdk/v0.1.0"]?.tag == "v1.0.0")
    }

    @Test func rowsAreCheckedAgainstTheirTagAndDuplicatesAreFound() {
        var rows = Self.rows
        rows[1].commit = Self.id("0f").short(12)
        rows[1].sdkVersion = SemanticVersion("0.2.1")
        rows.append(rows[0])
        rows.append(LedgerRow(tag: "v9.0.0", commit: Self.id("c9").short(12), sdkVersion: nil))
        let findings = Self.facts(rows: rows).rowFindings()
        #expect(
            ids(findings) == [
                "tag-moved@7:v1.1.0", "version-mismatch@7:v1.1.0", "duplicate-row@8:v1.0.0", "tag-missing@9:v9.0.0",
            ])
        #expect(findings[1].message.contains("pkg/package.json says 0.2.0"))
        #expect(findings[2].message.contains("the first is at line 6"))
    }

    @Test func aListedPublishTagMustExistOnTheRowsCommitWithAnAllowedVersion() {
        let row = Self.rows[0]
        let facts = Self.facts()
        #expect(facts.publishTagFinding("publish-sdk/v0.1.0", listedIn: row) == nil)
        #expect(facts.publishTagFinding("publish-sdk/v0.9.9", listedIn: row)?.message.contains("does not exist") == true)
        #expect(facts.publishTagFinding("publish-sdk/v0.1.0", listedIn: Self.rows[1])?.message.contains("not on v1.1.0's commit") == true)
        var other = row
        other.sdkVersion = SemanticVersion("0.1.1")
        #expect(facts.publishTagFinding("publish-sdk/v0.1.0", listedIn: other)?.message.contains("allowed: 0.1.1") == true)
        other.sdkVersion = nil
        #expect(facts.publishTagFinding("publish-sdk/v0.1.0", listedIn: other)?.message.contains("has no SDK version") == true)
    }

    @Test func gitTruthMissingFromTheLedgerAndUnverifiedPublishes() {
        var inventory = Self.inventory
        inventory.publishTags.append(.init(name: "publish-sdk/v0.2.0", version: "0.2.0", object: Self.id("d2"), commit: Self.id("c2")))
        let facts = Self.facts(rows: [Self.rows[0]], inventory: inventory)
        #expect(ids(facts.unlistedFindings()) == ["tag-unlisted@-:v1.1.0", "publish-tag-unlisted@-:publish-sdk/v0.2.0"])
        #expect(facts.unlistedFindings()[1].message.contains("on \(Self.id("c2").short()) (v1.1.0)"))
        #expect(ids(facts.unverifiedFindings()) == ["published-unverified@-:publish-sdk/v0.2.0"])
        #expect(Self.facts(rows: [], inventory: inventory, table: false).unlistedFindings().isEmpty, "no table: nothing is unlisted")
    }

    @Test func releaseBranchesManifestsAndTheVersionMapping() {
        var inventory = Self.inventory
        inventory.releaseBranches = [
            .init(name: "release/v1.0.0", version: SemanticVersion("1.0.0"), commit: Self.id("c2")),
            .init(name: "release/v3.0.0", version: SemanticVersion("3.0.0"), commit: Self.id("c3")),
        ]
        inventory.releases += [
            Self.release("1.2.0", commit: "c3", sdk: "0.2.0", tree: "e3"),
            Self.release("1.3.0", commit: "c4", sdk: "0.1.5", tree: "e4"),
            Self.release("1.4.0", commit: "c5", sdk: nil, tree: "e5"),
        ]
        inventory.releases[4].manifest = .failure(
            ManifestError(ref: "v1.4.0", path: "pkg/package.json", commit: Self.id("c5"), problem: .tooLarge(limit: 1)))
        let facts = Self.facts(inventory: inventory)
        #expect(ids(facts.releaseBranchFindings()) == ["release-branch-mismatch@6:release/v1.0.0", "release-branch-mismatch@-:release/v3.0.0"])
        #expect(ids(facts.manifestFindings()) == ["manifest-unreadable@-:v1.4.0"])
        let mapping = facts.mappingFindings()
        #expect(ids(mapping) == ["sdk-drift@-:v1.2.0", "version-regression@-:v1.3.0"])
        #expect(mapping[0].message.hasPrefix("pkg differs between v1.1.0 and v1.2.0"))
    }
}
