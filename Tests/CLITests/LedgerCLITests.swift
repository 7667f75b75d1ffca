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

    // MARK: - Edge cases: code blocks, a BOM, repeated markers, file mode, symlinks

    /// The generated ledger's managed section (markers included) and what `audit --json` says.
    static func section(_ fixture: PublishCLIFixture) throws -> String {
        let text = try String(contentsOfFile: fixture.ledgerPath, encoding: .utf8)
        let begin = try #require(text.range(of: "<!-- release-mirror:mapping:begin -->"))
        let end = try #require(text.range(of: "<!-- release-mirror:mapping:end -->\n"))
        return String(text[begin.lowerBound..<end.upperBound])
    }

    static func auditFindings(_ fixture: PublishCLIFixture) throws -> [[String: Any]] {
        let result = try fixture.run(["audit", "--json"])
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return (json?["findings"] as? [[String: Any]]) ?? []
    }

    @Test func anUnclosedFenceAboveTheTableIsRefusedNotAppendedAgainAndAgain() throws {
        let fixture = try PublishCLIFixture()
        let section = try Self.section(fixture)
        let text = "# Releases\n\n```sh\nrelease-mirror sync\n\n## Version mapping\n" + section
        try text.write(toFile: fixture.ledgerPath, atomically: true, encoding: .utf8)
        for _ in 0..<2 {
            let result = try fixture.run(["ledger", "update"]).expect(2)
            #expect(result.stderr.contains("RELEASES.md:3:") && result.stderr.contains("never closed"), "\(result.stderr)")
            #expect(try String(contentsOfFile: fixture.ledgerPath, encoding: .utf8) == text, "nothing appended")
        }
        let findings = try Self.auditFindings(fixture).filter { $0["id"] as? String == "ledger-syntax" }
        #expect(findings.count == 1 && findings.first?["line"] as? Int == 3, "audit names the same line: \(findings)")
        // Closed, the same file is fine.
        let closed = "# Releases\n\n```sh\nrelease-mirror sync\n```\n\n## Version mapping\n" + section
        try closed.write(toFile: fixture.ledgerPath, atomically: true, encoding: .utf8)
        #expect(try fixture.run(["ledger", "update"]).expect(0).stdout.contains("is up to date"))
        #expect(try String(contentsOfFile: fixture.ledgerPath, encoding: .utf8) == closed)
    }

    @Test func anIndentedCodeBlockIsNotTheTable() throws {
        let fixture = try PublishCLIFixture()
        let section = try Self.section(fixture)
        let example = "The table looks like this:\n\n    <!-- release-mirror:mapping:begin -->\n"
            + "    | Upstream tag | Commit | SDK version | Publish tag | Smoke |\n    |---|---|---|---|---|\n"
            + "    | `@moonshot-ai/kimi-code@9.9.9` | `0123456789ab` | 9.9.9 | — | passed |\n"
            + "    <!-- release-mirror:mapping:end -->\n\n"
        let text = "# Releases\n\n" + example + "## Version mapping\n" + section
        try text.write(toFile: fixture.ledgerPath, atomically: true, encoding: .utf8)
        let result = try fixture.run(["ledger", "update"]).expect(0)
        #expect(result.stdout.contains("is up to date"), "\(result.output)")
        #expect(try String(contentsOfFile: fixture.ledgerPath, encoding: .utf8) == text)
        let errors = try Self.auditFindings(fixture).filter { $0["severity"] as? String == "error" }
        #expect(errors.isEmpty, "the example is code, not a second table: \(errors)")
        // Only the example: no table yet, so update appends one (and the example stays as it was).
        try ("# Releases\n\n" + example).write(toFile: fixture.ledgerPath, atomically: true, encoding: .utf8)
        #expect(try fixture.run(["ledger", "update"]).expect(0).stdout.contains("updated"))
        let updated = try String(contentsOfFile: fixture.ledgerPath, encoding: .utf8)
        #expect(updated.hasPrefix("# Releases\n\n" + example) && updated.contains("\n" + section), "\(updated)")
        #expect(try fixture.run(["ledger", "update"]).expect(0).stdout.contains("is up to date"))
    }

    @Test func aByteOrderMarkBeforeTheBeginMarkerIsKeptAndIgnored() throws {
        let fixture = try PublishCLIFixture()
        let section = try Self.section(fixture)
        var lines = section.components(separatedBy: "\n")
        lines.remove(at: 4)  // one row fewer: a stale table
        let stale = Data([0xEF, 0xBB, 0xBF]) + Data(lines.joined(separator: "\n").utf8)
        try stale.write(to: URL(fileURLWithPath: fixture.ledgerPath))
        let check = try fixture.run(["ledger", "update", "--check"])
        #expect(check.status == 5 && check.stdout.contains("stale"), "\(check.output)")
        #expect(try fixture.run(["ledger", "update"]).expect(0).stdout.contains("updated"))
        #expect(try fixture.ledger() == Data([0xEF, 0xBB, 0xBF]) + Data(section.utf8), "BOM kept, table complete")
        #expect(try Self.auditFindings(fixture).filter { $0["severity"] as? String == "error" }.isEmpty)
    }

    @Test func moreThanOneBeginMarkerIsAnErrorNamingEveryLine() throws {
        let fixture = try PublishCLIFixture()
        let section = try Self.section(fixture)
        let begin = "<!-- release-mirror:mapping:begin -->\n"
        let text = "# R\n" + begin + "\n" + begin + "\n" + section
        try text.write(toFile: fixture.ledgerPath, atomically: true, encoding: .utf8)
        let result = try fixture.run(["ledger", "update"]).expect(2)
        #expect(result.stderr.contains("lines 2, 4, 6"), "\(result.stderr)")
        #expect(try String(contentsOfFile: fixture.ledgerPath, encoding: .utf8) == text)
        let findings = try Self.auditFindings(fixture).filter { $0["id"] as? String == "ledger-syntax" }
        #expect(findings.count == 1 && (findings.first?["message"] as? String ?? "").contains("lines 2, 4, 6"), "\(findings)")
    }

    @Test func updateKeepsTheFileModeAndWritesThroughASymlink() throws {
        let fixture = try PublishCLIFixture()
        let section = try Self.section(fixture)
        let docs = fixture.directory + "/docs"
        try FileManager.default.createDirectory(atPath: docs, withIntermediateDirectories: true)
        let target = docs + "/RELEASES.md"
        try ("# Releases\n\n## Version mapping\n<!-- release-mirror:mapping:begin -->\n<!-- release-mirror:mapping:end -->\n")
            .write(toFile: target, atomically: true, encoding: .utf8)
        #expect(chmod(target, 0o640) == 0)
        try FileManager.default.removeItem(atPath: fixture.ledgerPath)
        try FileManager.default.createSymbolicLink(atPath: fixture.ledgerPath, withDestinationPath: "docs/RELEASES.md")
        #expect(try fixture.run(["ledger", "update"]).expect(0).stdout.contains("updated"))
        let link = try FileManager.default.destinationOfSymbolicLink(atPath: fixture.ledgerPath)
        #expect(link == "docs/RELEASES.md", "the link is still a link to its target")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "# Releases\n\n## Version mapping\n" + section)
        let mode = try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? Int
        #expect(mode == 0o640, "mode \(String(mode ?? 0, radix: 8))")
        // A plain file keeps its mode too.
        try FileManager.default.removeItem(atPath: fixture.ledgerPath)
        try FileManager.default.copyItem(atPath: target, toPath: fixture.ledgerPath)
        #expect(chmod(fixture.ledgerPath, 0o600) == 0)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: fixture.ledgerPath))
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data("# Releases\n<!-- release-mirror:mapping:begin -->\n<!-- release-mirror:mapping:end -->\n".utf8))
        try handle.close()
        #expect(try fixture.run(["ledger", "update"]).expect(0).stdout.contains("updated"))
        let plain = try FileManager.default.attributesOfItem(atPath: fixture.ledgerPath)[.posixPermissions] as? Int
        #expect(plain == 0o600, "mode \(String(plain ?? 0, radix: 8))")
    }
}

