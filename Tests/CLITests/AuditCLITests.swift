import Foundation
import Testing
import TestSupport

@Suite struct AuditCLITests {
    struct Finding: Decodable, Equatable {
        let id: String
        let severity: String
        let line: Int?
        let subject: String
        let message: String
    }
    struct Report: Decodable {
        let findings: [Finding]
        let errors: Int
        let warnings: Int
        let exit_status: Int
    }

    func audit(_ fixture: PublishCLIFixture, _ extra: [String] = [], status: Int32) throws -> Report {
        let result = try fixture.run(["audit", "--json"] + extra).expect(status)
        return try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
    }

    @Test func correctLedgerShowsOnlyTheExpectedWarnings() throws {
        let fixture = try PublishCLIFixture()
        let text = try fixture.run(["audit"]).expect(0).stdout
        #expect(text.contains("SEVERITY  ID"))
        #expect(text.contains("0 error(s), 4 warning(s)"))
        let report = try audit(fixture, status: 0)
        #expect(report.errors == 0)
        #expect(report.exit_status == 0)
        let got = report.findings.map { "\($0.id) \($0.subject) @\($0.line ?? 0)" }
        let expected = [
            "sdk-drift \(fixture.tag(15)) @\(try fixture.line(of: fixture.tag(15)))",
            "sdk-drift \(fixture.tag(12)) @\(try fixture.line(of: fixture.tag(12)))",
            "version-regression \(fixture.tag(12)) @\(try fixture.line(of: fixture.tag(12)))",
            "sdk-drift \(fixture.tag(7)) @\(try fixture.line(of: fixture.tag(7)))",
        ]
        #expect(got == expected)
        #expect(report.findings.allSatisfy { $0.severity == "warning" })
        // Global flags work before the subcommand too.
        #expect(try fixture.run(["--json", "audit"]).expect(0).stdout.contains("\"warnings\" : 4"))
    }

    @Test func tamperingProducesItsFindingIdAndLineAndExitFive() throws {
        let fixture = try PublishCLIFixture()
        let original = try fixture.ledgerLines()
        func tampered(_ name: String, _ edit: (inout [String]) -> Void) throws -> Report {
            var lines = original
            edit(&lines)
            let path = fixture.tmp.url(name + ".md")
            try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
            return try audit(fixture, ["--ledger", path], status: 5)
        }
        func errors(_ report: Report) -> [String] {
            report.findings.filter { $0.severity == "error" }.map { "\($0.id)@\($0.line ?? 0)" }
        }
        let line = try fixture.line(of: fixture.tag(4))

        let version = try tampered("version") { $0[line - 1] = $0[line - 1].replacingOccurrences(of: "| 0.1.1 |", with: "| 0.2.0 |") }
        #expect(errors(version) == ["version-mismatch@\(line)"])
        let duplicate = try tampered("duplicate") { $0.insert($0[line - 1], at: line + 2) }
        #expect(errors(duplicate) == ["duplicate-row@\(line + 3)"])
        let syntax = try tampered("syntax") { $0[line - 1] = $0[line - 1].replacingOccurrences(of: "` | `", with: "` `") }
        #expect(errors(syntax) == ["ledger-syntax@\(line)"])

        // A mirror tag moved by hand.
        let tag = fixture.tag(4)
        let commit = try fixture.commit(tag)
        let object = try fixture.git("rev-parse", tag)
        try fixture.git("tag", "-f", tag, try fixture.commit(fixture.tag(5)))
        let moved = try audit(fixture, status: 5)
        #expect(errors(moved).contains("tag-moved@\(line)"))
        #expect(moved.findings.first { $0.id == "tag-moved" }?.message.contains(String(commit.prefix(12))) == true)
        try fixture.git("update-ref", "refs/tags/" + tag, object)
        #expect(try audit(fixture, status: 0).errors == 0)

        // A publish tag on another commit than its row's mirror tag.
        try fixture.setSmoke("passed", on: fixture.tag(6))
        try fixture.run(["publish-tag", "0.1.2", "--from", fixture.tag(6)]).expect(0)
        #expect(try audit(fixture, status: 0).errors == 0)
        try fixture.git("tag", "-f", "-a", "-m", "moved", "publish-sdk/v0.1.2", try fixture.commit(fixture.tag(8)))
        let publish = try audit(fixture, status: 5)
        #expect(errors(publish).contains("publish-tag-mismatch@\(try fixture.line(of: fixture.tag(6)))"))

        // The human table names the ledger line too.
        let table = try fixture.run(["audit"]).expect(5).stdout
        #expect(table.contains("error     publish-tag-mismatch"))
        #expect(table.contains("(exit 5)"))
    }

    @Test func missingLedgerIsAnErrorNamingIt() throws {
        let fixture = try PublishCLIFixture()
        let result = try fixture.run(["audit", "--ledger", "nope.md"]).expect(1)
        #expect(result.stderr.contains("nope.md"))
        #expect(result.stderr.contains("ledger update"))
    }
}
