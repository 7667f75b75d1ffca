import Foundation
import Testing
import TestSupport

@Suite struct LedgerCLITests {
    @Test func updateRoundTripKeepsHandWrittenNotesByteForByte() throws {
        let fixture = try PublishCLIFixture()
        let generated = try String(contentsOfFile: fixture.ledgerPath, encoding: .utf8)
        let begin = try #require(generated.range(of: "<!-- release-mirror:mapping:begin -->\n"))
        let end = try #require(generated.range(of: "<!-- release-mirror:mapping:end -->"))
        let table = String(generated[begin.upperBound..<end.lowerBound])
        let head = "# Releases\n\n> Pinned: *0.1.2*  \n\n## 0.8.1\n\n- notes with trailing spaces   \n\t- and a tab\n\n## Version mapping\n<!-- release-mirror:mapping:begin -->\n"
        let tail = "<!-- release-mirror:mapping:end -->\n\n```\n<!-- release-mirror:mapping:begin -->\nan example, not the table\n```\nLast line without newline"
        // A stale table: one row dropped, one version wrong.
        var rows = table.components(separatedBy: "\n")
        rows.remove(at: 5)
        rows[3] = rows[3].replacingOccurrences(of: "| 0.2.0 |", with: "| 9.9.9 |")
        try (head + rows.joined(separator: "\n") + tail).write(toFile: fixture.ledgerPath, atomically: true, encoding: .utf8)

        #expect(try fixture.run(["ledger", "update", "--check"]).expect(5).stdout.contains("stale"))
        let updated = try fixture.run(["ledger", "update"]).expect(0)
        #expect(updated.stdout.contains("updated"))
        let text = try String(contentsOfFile: fixture.ledgerPath, encoding: .utf8)
        #expect(text == head + table + tail)
        let bytes = try fixture.ledger()
        // Twice changes nothing.
        #expect(try fixture.run(["ledger", "update"]).expect(0).stdout.contains("is up to date (20 row(s))"))
        #expect(try fixture.ledger() == bytes)
        #expect(try fixture.run(["ledger", "update", "--check"]).expect(0).status == 0)
        let json = try fixture.run(["--json", "ledger", "update"]).expect(0)
        let outcome = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(outcome?["changed"] as? Bool == false)
        #expect(outcome?["rows"] as? Int == 20)
        #expect(try fixture.run(["audit"]).expect(0).status == 0)
    }

    @Test func brokenMarkersAreAConfigurationErrorNamingTheLine() throws {
        let fixture = try PublishCLIFixture()
        try "# R\n<!-- release-mirror:mapping:end -->\n".write(toFile: fixture.ledgerPath, atomically: true, encoding: .utf8)
        let result = try fixture.run(["ledger", "update"]).expect(2)
        #expect(result.stderr.contains("RELEASES.md:2:"))
        #expect(try String(contentsOfFile: fixture.ledgerPath, encoding: .utf8) == "# R\n<!-- release-mirror:mapping:end -->\n")
    }
}
