import Foundation
import Git
import ReleaseMirror
import Testing
import TestSupport

@Suite struct LedgerUpdateTests {
    @Test func updateRewritesOnlyTheTableAndIsIdempotent() throws {
        let fixture = try PublishMirrorFixture()
        // Hand-written notes around the table, with bytes that are not UTF-8 and a CRLF line.
        let head = Array("# Releases\n\nHand notes: naïve café ✍️\r\n".utf8) + [0xC3, 0x28, 0x0A] + Array("\n## Version mapping\n".utf8)
        let tail = Array("\n## 0.1.2\n- fixed *everything*   \n\ttabs kept\n\n\n(no final newline)".utf8)
        let stale = Array("\(LedgerTable.beginMarker)\n| Upstream tag | Commit | SDK version | Publish tag | Smoke |\n|---|---|---|---|---|\n| `x` | `000000000000` | 9.9.9 | — | — |\n\(LedgerTable.endMarker)".utf8)
        try Data(head + stale + tail).write(to: URL(fileURLWithPath: fixture.ledgerPath))

        let outcome = try LedgerUpdater(workspace: fixture.workspace()).update()
        #expect(outcome.changed)
        #expect(outcome.rows == 20)
        #expect(!outcome.created)
        let bytes = Array(try fixture.ledgerBytes())
        #expect(Array(bytes.prefix(head.count)) == head)
        #expect(Array(bytes.suffix(tail.count)) == tail)
        let document = LedgerDocument(bytes: bytes)
        #expect(document.problems.isEmpty)
        // Newest release first, peeled commits, SDK versions from the manifest at each tag.
        #expect(document.rows.map(\.tag) == fixture.upstream.releases.reversed().map(\.tag))
        for (row, release) in zip(document.rows, fixture.upstream.releases.reversed()) {
            #expect(row.sdkVersion?.description == release.sdk)
            #expect(row.commit == (try fixture.commit(release.tag)).short())
            #expect(row.smoke == nil)
        }

        // Twice changes nothing.
        let second = try LedgerUpdater(workspace: fixture.workspace()).update()
        #expect(!second.changed)
        #expect(Array(try fixture.ledgerBytes()) == bytes)

        // Smoke notes and publish tags reach their rows.
        try fixture.setSmoke(.passed, on: fixture.tag(6))
        _ = try PublishTagger(workspace: fixture.workspace()).run(PublishRequest(version: "0.1.2", from: fixture.tag(6), push: false))
        #expect(try LedgerUpdater(workspace: fixture.workspace()).update().changed == false, "publish-tag already filled the row")
        try fixture.setSmoke(.failed, on: fixture.tag(7))
        let rows = LedgerDocument(bytes: Array(try fixture.ledgerBytes())).rows
        #expect(rows.first { $0.tag == fixture.tag(6) }?.publishTags == ["publish-sdk/v0.1.2"])
        #expect(rows.first { $0.tag == fixture.tag(6) }?.smoke == .passed)
        let third = try LedgerUpdater(workspace: fixture.workspace()).update()
        #expect(third.changed)
        #expect(LedgerDocument(bytes: Array(try fixture.ledgerBytes())).rows.first { $0.tag == fixture.tag(7) }?.smoke == .failed)
        let final = Array(try fixture.ledgerBytes())
        #expect(Array(final.prefix(head.count)) == head)
        #expect(Array(final.suffix(tail.count)) == tail)
    }

    @Test func missingLedgerIsCreatedAndBrokenMarkersAreAnError() throws {
        let fixture = try PublishMirrorFixture()
        try FileManager.default.removeItem(atPath: fixture.ledgerPath)
        let created = try LedgerUpdater(workspace: fixture.workspace()).update()
        #expect(created.created && created.changed && created.rows == 20)
        let text = try String(contentsOfFile: fixture.ledgerPath, encoding: .utf8)
        #expect(text.hasPrefix("# Releases\n"))

        try "# Releases\n\nno table yet\n".write(toFile: fixture.ledgerPath, atomically: true, encoding: .utf8)
        let appended = try LedgerUpdater(workspace: fixture.workspace()).update()
        #expect(appended.appendedSection)
        #expect(try String(contentsOfFile: fixture.ledgerPath, encoding: .utf8).hasPrefix("# Releases\n\nno table yet\n\n## Version mapping\n"))

        try "a\n\(LedgerTable.beginMarker)\nb\n".write(toFile: fixture.ledgerPath, atomically: true, encoding: .utf8)
        let error = try #require(throws: MirrorError.self) { try LedgerUpdater(workspace: fixture.workspace()).update() }
        #expect(error.exitStatus == .usage)
        #expect(error.description.contains("RELEASES.md:2:"))
        #expect(try String(contentsOfFile: fixture.ledgerPath, encoding: .utf8) == "a\n\(LedgerTable.beginMarker)\nb\n")
    }

    @Test func dryComputationWritesNothing() throws {
        let fixture = try PublishMirrorFixture()
        try "# R\n".write(toFile: fixture.ledgerPath, atomically: true, encoding: .utf8)
        let outcome = try LedgerUpdater(workspace: fixture.workspace()).update(write: false)
        #expect(outcome.changed)
        #expect(try String(contentsOfFile: fixture.ledgerPath, encoding: .utf8) == "# R\n")
    }
}
