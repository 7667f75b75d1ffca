import Foundation
import Git
import ReleaseMirror
import Synchronization
import Testing
import TestSupport

/// The interface delta: cells and verdicts, `publish.entry`, the Interface column of `ledger
/// update` and its audit check, `surface` and `ledger notes` (with GitHub Releases on a fake
/// GitHub over loopback), on a real repository made with the git CLI.
@Suite struct SurfaceTests {
    func workspace(_ fixture: InterfaceUpstream, config: String? = nil) throws -> MirrorWorkspace {
        try MirrorWorkspace(
            configuration: ConfigurationLoader.load(path: config ?? fixture.config), environment: RunEnvironment(), create: false)
    }

    @Test func cellsRenderAndParse() {
        let cells: [(InterfaceCell, String)] = [
            (.none, "—"), (.unchanged, "unchanged"), (.additive(3), "additive (+3)"),
            (.breaking(removed: 2, added: 0), "breaking (\u{2212}2)"), (.breaking(removed: 1, added: 4), "breaking (\u{2212}1, +4)"),
        ]
        for (cell, text) in cells {
            #expect(cell.description == text)
            #expect(InterfaceCell(text) == cell)
        }
        #expect(InterfaceCell("breaking (-1, +4)") == .breaking(removed: 1, added: 4), "an ASCII minus is read too")
        #expect(InterfaceCell("  additive (+1) ") == .additive(1))
        for bad in ["additive", "additive (1)", "additive (+0)", "breaking (+1)", "breaking (−1, 2)", "breaking (−1, +2, +3)", "same"] {
            #expect(InterfaceCell(bad) == nil, "\(bad)")
        }
    }

    @Test func deltaVerdicts() {
        func surface(_ names: [String], _ opaque: [String] = []) -> ExportSurface {
            ExportSurface(entry: "e", found: true, names: names, opaque: opaque)
        }
        let same = InterfaceDelta(base: surface(["a", "b"]), release: surface(["b", "a"]))
        #expect(same.verdict == .unchanged && same.cell == .unchanged)
        let added = InterfaceDelta(base: surface(["a"]), release: surface(["a", "c", "b"], ["* from 'x'"]))
        #expect(added.added == ["* from 'x'", "b", "c"])
        #expect(added.cell == .additive(3))
        let broken = InterfaceDelta(base: surface(["a", "b"], ["* from 'x'"]), release: surface(["b", "z"]))
        #expect(broken.removed == ["* from 'x'", "a"])
        #expect(broken.cell == .breaking(removed: 2, added: 1))
    }

    @Test func publishEntryKey() throws {
        func parse(_ publish: String) throws(MirrorError) -> Configuration {
            try ConfigurationLoader.parse("[upstream]\nurl = \"u\"\n[publish]\n" + publish, file: "/cfg/release-mirror.toml")
        }
        #expect(try parse("").publish.entry == "packages/node-sdk/src/index.ts")
        #expect(try parse("entry = \"\"").publish.entry == "")
        #expect(try parse("entry = \"sdk/src/main.mts\"").publish.entry == "sdk/src/main.mts")
        for bad in ["\"../x.ts\"", "\"/abs/index.ts\"", "\"a//b.ts\"", "3"] {
            #expect(throws: MirrorError.self) { try parse("entry = \(bad)") }
            do { _ = try parse("entry = \(bad)") } catch { #expect(error.description.contains("publish.entry"), "\(error)") }
        }
    }

    @Test func ledgerUpdateWritesTheColumnAndAuditChecksIt() throws {
        let fixture = try InterfaceUpstream()
        let outcome = try LedgerUpdater(workspace: workspace(fixture)).update()
        let document = try LedgerDocument.read(path: fixture.ledgerPath)
        #expect(document.text(ofLine: try #require(document.beginLine) + 1) == LedgerTable.header)
        #expect(document.rows.map(\.tag) == InterfaceUpstream.expected.reversed().map(\.tag))
        #expect(document.rows.map { $0.interface?.description } == InterfaceUpstream.expected.reversed().map(\.cell))
        #expect(outcome.warnings.count == 2, "\(outcome.warnings)")
        #expect(outcome.warnings.first?.contains("missing at 1 mirror tag(s) (v1.0.4)") == true)
        #expect(outcome.warnings.last?.contains("./gone") == true)
        #expect(try LedgerUpdater(workspace: workspace(fixture)).update().changed == false, "idempotent")

        let clean = try Auditor(workspace: workspace(fixture)).audit()
        #expect(clean.findings.isEmpty, "\(clean.findings)")

        // A cell edited by hand is an error on its line.
        let text = try String(contentsOfFile: fixture.ledgerPath, encoding: .utf8)
        let line = try #require(document.row(for: "v1.0.1")?.line)
        var lines = text.components(separatedBy: "\n")
        lines[line - 1] = lines[line - 1].replacingOccurrences(of: "additive (+1)", with: "unchanged")
        let tampered = fixture.tmp.url("tampered.md")
        try lines.joined(separator: "\n").write(toFile: tampered, atomically: true, encoding: .utf8)
        let report = try Auditor(workspace: workspace(fixture)).audit(ledgerPath: tampered)
        #expect(report.findings.map(\.id) == [.interfaceMismatch])
        #expect(report.findings.first?.line == line)
        #expect(report.findings.first?.message.contains("is unchanged but") == true)
        #expect(report.findings.first?.message.contains("against v1.0.0 give additive (+1)") == true)
        #expect(report.errors == 1)
    }

    @Test func entryOffKeepsFiveColumnsAndAnOldTableIsOneWarning() throws {
        let fixture = try InterfaceUpstream()
        let off = fixture.tmp.url("off.toml")
        try String(contentsOfFile: fixture.config, encoding: .utf8)
            .replacingOccurrences(of: "entry = \"\(InterfaceUpstream.entry)\"", with: "entry = \"\"")
            .write(toFile: off, atomically: true, encoding: .utf8)
        let outcome = try LedgerUpdater(workspace: workspace(fixture, config: off)).update()
        #expect(outcome.warnings.isEmpty)
        let document = try LedgerDocument.read(path: fixture.ledgerPath)
        #expect(document.text(ofLine: try #require(document.beginLine) + 1) == LedgerTable.headerWithoutInterface)
        #expect(document.rows.allSatisfy { $0.interface == nil })
        #expect(try Auditor(workspace: workspace(fixture, config: off)).audit().findings.isEmpty)

        // The same five-column table audited with publish.entry set: one warning to run `ledger update`.
        let report = try Auditor(workspace: workspace(fixture)).audit()
        #expect(report.findings.map(\.id) == [.interfaceUnlisted])
        #expect(report.errors == 0)
        #expect(try LedgerUpdater(workspace: workspace(fixture)).update().changed)
        #expect(try Auditor(workspace: workspace(fixture)).audit().findings.isEmpty)
    }

    @Test func surfaceComparesReleases() throws {
        let fixture = try InterfaceUpstream()
        let comparer = SurfaceComparer(workspace: try workspace(fixture))
        let breaking = try comparer.compare(ref: "v1.0.3")
        #expect(breaking.base == "v1.0.2")
        #expect(breaking.delta == InterfaceDelta(added: ["Token", "Turn"], removed: ["Id"]))
        #expect(breaking.verdict == .breaking)
        #expect(breaking.surface.names == ["Client", "Options", "Token", "Turn", "util"])
        #expect(breaking.surface.opaque == ["* from '@scope/core'"])
        #expect(breaking.sdkVersion == "1.0.3" && breaking.baseSDKVersion == "1.0.2")

        let span = try comparer.compare(ref: "v1.0.6", base: "v1.0.0")
        #expect(span.delta == InterfaceDelta(added: ["Options", "Token", "Turn"], removed: ["Id"]))
        #expect(span.warnings.count == 1 && span.warnings[0].contains("packages/sdk/src/index.ts:6: export * from './gone'"))
        let head = try comparer.compare(ref: "HEAD")
        #expect(head.base == "v1.0.5", "HEAD is v1.0.6's commit: compared with the newest other release")
        let missing = try comparer.compare(ref: "v1.0.4")
        #expect(missing.delta == nil && !missing.surface.found)
        #expect(missing.cell == .none)
        let first = try comparer.compare(ref: "v1.0.0")
        #expect(first.base == nil && first.delta == nil)

        #expect(throws: MirrorError.self) { try comparer.compare(ref: "v9.9.9") }
        #expect(throws: MirrorError.self) { try comparer.compare(ref: "HEAD", mirrorTag: true) }
        let off = try InterfaceUpstream(entry: "")
        do {
            _ = try SurfaceComparer(workspace: try workspace(off)).compare(ref: "v1.0.1")
            Issue.record("compared with publish.entry off")
        } catch {
            #expect("\(error)".contains("publish.entry"))
        }
    }

    @Test func notesAndTheirMarker() throws {
        let fixture = try InterfaceUpstream()
        let (_, text) = try SurfaceComparer(workspace: try workspace(fixture)).notes(tag: "v1.0.3")
        #expect(
            text == """
                ## v1.0.3  (\u{2190} v1.0.2)

                **sdk interface: breaking, 1 name removed**

                SDK 1.0.2 \u{2192} 1.0.3 · entry `packages/sdk/src/index.ts`

                NEW:
                - `Token`
                - `Turn`

                REMOVED:
                - `Id`

                consumer impact: check uses of the removed names before bumping

                """)
        let additive = try SurfaceComparer(workspace: try workspace(fixture)).notes(tag: "v1.0.1").text
        #expect(additive.contains("**sdk interface: additive, no breaking change**"))
        #expect(additive.contains("REMOVED:\n- none\n\nconsumer impact: safe to bump"))
        let first = try SurfaceComparer(workspace: try workspace(fixture)).notes(tag: "v1.0.0").text
        #expect(first.hasPrefix("## v1.0.0\n\n**sdk interface: first release, nothing to compare**"))

        let marked = ReleaseNotes.marked(text, tag: "v1.0.3")
        #expect(marked.hasSuffix(" -->\n") && marked.contains("<!-- release-mirror:notes tag=v1.0.3 digest="))
        #expect(ReleaseNotes.ownership(of: marked) == .ours)
        #expect(ReleaseNotes.ownership(of: marked.replacingOccurrences(of: "\n", with: "\r\n")) == .ours, "GitHub's CRLF is no edit")
        #expect(ReleaseNotes.ownership(of: marked.replacingOccurrences(of: "- `Turn`", with: "- `Turn` (see #12)")) == .edited)
        #expect(ReleaseNotes.ownership(of: "Hand-written notes") == .foreign)
    }

    @Test func gitHubReleasesAreCreatedUpdatedAndNeverOverwrittenWhenEdited() async throws {
        let server = try FakeGitHub(token: "ghs_release_notes_token")
        let fixture = try InterfaceUpstream(report: "github-repository = \"acme/mirror\"")
        let configuration = try ConfigurationLoader.load(path: fixture.config)
        let waits = Mutex<[Duration]>([])
        let sink = try #require(
            try GitHubReleaseSink.make(
                configuration: configuration,
                variables: ["GITHUB_API_URL": server.apiURL, "GITHUB_TOKEN": server.token],
                redactor: Redactor(secrets: [server.token]),
                retry: RetryPolicy(sleep: { wait in waits.withLock { $0.append(wait) } })))
        let comparer = SurfaceComparer(workspace: try workspace(fixture))
        let notes = try comparer.notes(tag: "v1.0.3").text

        // Created, with the marker; a second run changes nothing.
        guard case .created = try await sink.publish(tag: "v1.0.3", body: notes) else { throw FixtureError("not created") }
        var releases = try server.state().releases
        #expect(releases.map(\.tagName) == ["v1.0.3"])
        #expect(releases[0].body == ReleaseNotes.marked(notes, tag: "v1.0.3"))
        guard case .unchanged = try await sink.publish(tag: "v1.0.3", body: notes) else { throw FixtureError("not unchanged") }

        // A body an earlier run wrote is updated in place.
        try server.addRelease(repository: "acme/mirror", tag: "v1.0.1", body: ReleaseNotes.marked("old note", tag: "v1.0.1"))
        let newer = try comparer.notes(tag: "v1.0.1").text
        guard case .updated = try await sink.publish(tag: "v1.0.1", body: newer) else { throw FixtureError("not updated") }
        releases = try server.state().releases
        #expect(releases.first { $0.tagName == "v1.0.1" }?.body == ReleaseNotes.marked(newer, tag: "v1.0.1"))

        // A person's edit, or a body without our marker, is kept byte for byte.
        let edited = ReleaseNotes.marked(newer, tag: "v1.0.1").replacingOccurrences(of: "safe to bump", with: "safe to bump (checked by Ana)")
        try server.addRelease(repository: "acme/mirror", tag: "v1.0.2", body: edited)
        try server.addRelease(repository: "acme/mirror", tag: "v1.0.6", body: "Written by hand.")
        guard case .keptPersonEdited = try await sink.publish(tag: "v1.0.2", body: notes),
            case .keptPersonEdited = try await sink.publish(tag: "v1.0.6", body: notes)
        else { throw FixtureError("overwrote a person's body") }
        releases = try server.state().releases
        #expect(releases.first { $0.tagName == "v1.0.2" }?.body == edited)
        #expect(releases.first { $0.tagName == "v1.0.6" }?.body == "Written by hand.")
        #expect(!releases.contains { $0.tagName == "v1.0.1" && $0.id > 2 }, "no twin release")

        // Server errors are retried with the break reports' backoff.
        try server.failNext(2, status: 502)
        guard case .created = try await sink.publish(tag: "v1.0.0", body: "first") else { throw FixtureError("not created") }
        #expect(waits.withLock { $0 } == [.seconds(1), .seconds(2)])
        let state = try server.state()
        #expect(state.requests.allSatisfy { $0.authorized })
        #expect(state.releases.count == 5)
    }
}
