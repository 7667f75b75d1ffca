import Foundation
import Git
import ReleaseMirror
import Testing
import TestSupport

@Suite struct AuditTests {
    /// Audits `fixture` with the ledger text given (written to a side file, the real one untouched).
    func audit(_ fixture: PublishMirrorFixture, ledger text: String? = nil) throws -> AuditReport {
        var path: String?
        if let text {
            path = fixture.tmp.url("tampered-\(UUID().uuidString).md")
            try text.write(toFile: path!, atomically: true, encoding: .utf8)
        }
        return try Auditor(workspace: fixture.workspace()).audit(ledgerPath: path)
    }

    func lines(_ fixture: PublishMirrorFixture) throws -> [String] {
        try String(contentsOfFile: fixture.ledgerPath, encoding: .utf8).components(separatedBy: "\n")
    }

    @Test func correctLedgerHasExactlyTheExpectedWarnings() throws {
        let fixture = try PublishMirrorFixture()
        let report = try audit(fixture)
        #expect(report.errors == 0)
        #expect(report.exitStatus == .success)
        #expect(report.releases == 20)
        #expect(report.rows == 20)
        // 0.4.1 changed packages/node-sdk without a bump (the --drift-at fault). 0.6.0 goes back to
        // SDK 0.1.2 (the --regress-at fault) with a tree unlike 0.4.2's 0.1.2, and 0.7.0 returns to
        // 0.1.3 with a tree unlike 0.5.2's: the same version names different packages, also drift.
        let expected: [(AuditFinding.Kind, String, String)] = [
            (.sdkDrift, fixture.tag(15), fixture.tag(11)),
            (.sdkDrift, fixture.tag(12), fixture.tag(8)),
            (.versionRegression, fixture.tag(12), fixture.tag(11)),
            (.sdkDrift, fixture.tag(7), fixture.tag(6)),
        ]
        #expect(report.findings.count == expected.count, "\(report.findings)")
        for (finding, (id, subject, other)) in zip(report.findings, expected) {
            #expect(finding.id == id)
            #expect(finding.severity == .warning)
            #expect(finding.subject == subject)
            #expect(finding.message.contains(other))
            #expect(finding.line == (try fixture.ledgerLine(of: subject)))
        }
        #expect(report.findings[3].message.contains("packages/node-sdk differs"))
        #expect(report.findings[3].message.contains("SDK 0.1.2"))
        #expect(report.findings[2].message.contains("carries SDK 0.1.2, older than 0.1.3"))
    }

    @Test func tamperedRowsProduceTheirFindingAndLine() throws {
        let fixture = try PublishMirrorFixture()
        let original = try lines(fixture)
        func tampered(_ edit: (inout [String]) -> Void) throws -> AuditReport {
            var copy = original
            edit(&copy)
            return try audit(fixture, ledger: copy.joined(separator: "\n"))
        }
        func errors(_ report: AuditReport) -> [String] {
            report.findings.filter { $0.severity == .error }.map { "\($0.id.rawValue)@\($0.line.map(String.init) ?? "-")" }
        }
        let line = try fixture.ledgerLine(of: fixture.tag(4))  // 0.3.1, SDK 0.1.1

        // A row's version edited.
        let version = try tampered { $0[line - 1] = $0[line - 1].replacingOccurrences(of: "| 0.1.1 |", with: "| 0.1.9 |") }
        #expect(errors(version) == ["version-mismatch@\(line)"])
        #expect(version.exitStatus == .checkFailed)
        #expect(version.findings.first?.message.contains("0.1.9") == true)
        #expect(version.findings.first?.message.contains("says 0.1.1") == true)

        // A row duplicated.
        let duplicate = try tampered { $0.insert($0[line - 1], at: line) }
        #expect(errors(duplicate) == ["duplicate-row@\(line + 1)"])
        #expect(duplicate.findings.first?.message.contains("line \(line)") == true)

        // A row's syntax broken: a cell missing, a bad commit, a bad smoke value.
        let cells = try tampered { $0[line - 1] = $0[line - 1].replacingOccurrences(of: " | — | — |", with: " | — |") }
        #expect(errors(cells) == ["ledger-syntax@\(line)"])
        #expect(cells.findings.first?.message.contains("5 cell(s); a row has 6") == true)
        #expect(cells.findings.contains { $0.id == .tagUnlisted && $0.subject == fixture.tag(4) })
        let commit = try tampered { $0[line - 1] = $0[line - 1].replacingOccurrences(of: "` | 0.1.1", with: "zz` | 0.1.1") }
        #expect(errors(commit) == ["ledger-syntax@\(line)"])
        let smoke = try tampered { $0[line - 1] = $0[line - 1].replacingOccurrences(of: "| — | — |", with: "| — | green |") }
        #expect(errors(smoke) == ["ledger-syntax@\(line)"])
        #expect(smoke.findings.first?.message.contains("Smoke \"green\"") == true)

        // A row for a tag that does not exist.
        let missing = try tampered {
            $0[line - 1] = $0[line - 1].replacingOccurrences(of: fixture.tag(4), with: "@moonshot-ai/kimi-code@0.3.9")
        }
        #expect(errors(missing) == ["tag-missing@\(line)"])
        #expect(missing.findings.contains { $0.id == .tagUnlisted && $0.subject == fixture.tag(4) })

        // A row removed: only a warning (ledger stale).
        let removed = try tampered { $0.remove(at: line - 1) }
        #expect(removed.errors == 0)
        #expect(removed.findings.contains { $0.id == .tagUnlisted && $0.subject == fixture.tag(4) && $0.line == nil })

        // Markers broken: the table cannot be found.
        let markers = try tampered { $0.removeAll { $0.contains("mapping:end") } }
        #expect(errors(markers).first?.hasPrefix("ledger-syntax@") == true)
        let none = try tampered { $0.removeAll { $0.contains("release-mirror:mapping") } }
        #expect(errors(none) == ["ledger-syntax@-"])
        #expect(none.findings.first?.message.contains("ledger update") == true)
    }

    @Test func movedTagsBranchesAndPublishTagsAreFound() throws {
        let fixture = try PublishMirrorFixture()
        let repository = try Repository.open(at: fixture.directory)
        func errors() throws -> [String] {
            let report = try audit(fixture)
            #expect(report.exitStatus == (report.errors > 0 ? .checkFailed : .success))
            return report.findings.filter { $0.severity == .error }.map { "\($0.id.rawValue):\($0.subject)@\($0.line.map(String.init) ?? "-")" }
        }
        try fixture.setSmoke(.passed, on: fixture.tag(6))
        #expect(try PublishTagger(workspace: fixture.workspace()).run(PublishRequest(version: "0.1.2", from: fixture.tag(6))).outcome == .created)
        #expect(try errors() == [])

        // The publish tag moved to another commit by hand.
        let line6 = try fixture.ledgerLine(of: fixture.tag(6))
        let other = try fixture.commit(fixture.tag(7))
        try fixture.git("tag", "-f", "-a", "-m", "moved", "publish-sdk/v0.1.2", other.hex)
        #expect(try errors() == ["publish-tag-mismatch:publish-sdk/v0.1.2@\(line6)", "published-unverified:publish-sdk/v0.1.2@\(line6)"])
        try fixture.git("tag", "-f", "-a", "-m", "back", "publish-sdk/v0.1.2", try fixture.commit(fixture.tag(6)).hex)
        #expect(try errors() == [])

        // A publish tag nobody listed (and nobody verified).
        try fixture.git("tag", "publish-sdk/v0.1.3", try fixture.commit(fixture.tag(9)).hex)
        #expect(try errors() == ["publish-tag-unlisted:publish-sdk/v0.1.3@-", "published-unverified:publish-sdk/v0.1.3@-"])
        try fixture.git("tag", "-d", "publish-sdk/v0.1.3")

        // A publish tag listed with the wrong version for its row.
        let line9 = try fixture.ledgerLine(of: fixture.tag(9))
        try fixture.git("tag", "publish-sdk/v0.1.4", try fixture.commit(fixture.tag(9)).hex)
        try fixture.setSmoke(.passed, on: fixture.tag(9))
        try fixture.editLedger { $0[line9 - 1] = $0[line9 - 1].replacingOccurrences(of: "| 0.1.3 | — |", with: "| 0.1.3 | `publish-sdk/v0.1.4` |") }
        #expect(try errors() == ["publish-tag-mismatch:publish-sdk/v0.1.4@\(line9)"])
        try fixture.git("tag", "-d", "publish-sdk/v0.1.4")
        #expect(try errors() == ["publish-tag-mismatch:publish-sdk/v0.1.4@\(line9)"], "listed but missing")
        try fixture.cli(["ledger", "update", "--quiet"])
        #expect(try errors() == [])

        // A mirror tag moved by hand: immutability broken; its release branch no longer matches it.
        let line4 = try fixture.ledgerLine(of: fixture.tag(4))
        try fixture.git("tag", "-f", fixture.tag(4), try fixture.commit(fixture.tag(5)).hex)
        #expect(try errors() == ["release-branch-mismatch:release/v0.3.1@\(line4)", "tag-moved:\(fixture.tag(4))@\(line4)"])
        #expect(try repository.referenceTarget("refs/heads/release/v0.3.1") != nil)

        // A release branch moved.
        let line2 = try fixture.ledgerLine(of: fixture.tag(2))
        try fixture.git("branch", "-f", "release/v0.2.2", try fixture.commit(fixture.tag(1)).hex)
        #expect(try errors().contains("release-branch-mismatch:release/v0.2.2@\(line2)"))
    }

    @Test func auditOfTwoThousandTagsIsFast() throws {
        let tmp = TemporaryDirectory("rm-audit-bench")
        let up = try Upstream.generate(
            at: tmp.url("up"), ["--commits", "2000", "--releases", "2000", "--unrelated", "0", "--drift-at", "7", "--regress-at", "12"])
        // Audit the generated repository in place (2,000 tags, no sync needed).
        let config = tmp.url("release-mirror.toml")
        try """
            [upstream]
            url = "\(up.path)"
            [mirror]
            repository = "\(up.path)"
            remote = ""
            [publish]
            ledger = "\(tmp.url("RELEASES.md"))"
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let workspace = try MirrorWorkspace(
            configuration: ConfigurationLoader.load(path: config), environment: RunEnvironment(), create: false)
        let update = try LedgerUpdater(workspace: workspace).update()
        #expect(update.rows == 2000)
        #expect(update.created)
        // The audit runs on this thread: its CPU time is its cost whatever else the machine runs
        // (helpers building in parallel make wall time meaningless); wall time only gets a loose bound.
        let started = Date()
        let cpuStarted = Self.threadCPUSeconds()
        let report = try Auditor(workspace: workspace).audit()
        let cpu = Self.threadCPUSeconds() - cpuStarted
        let seconds = Date().timeIntervalSince(started)
        #expect(report.releases == 2000)
        #expect(report.errors == 0)
        #expect(report.findings.map(\.id.rawValue).sorted() == ["sdk-drift", "sdk-drift", "sdk-drift", "version-regression"])
        #expect(cpu < 2, "audit of 2,000 tags used \(cpu) s of CPU")
        #expect(seconds < 20, "audit of 2,000 tags took \(seconds) s")
        print("audit of 2,000 tags (with surfaces): \(Int(cpu * 1000)) ms CPU, \(Int(seconds * 1000)) ms wall")
    }

    /// CPU time of the calling thread, in seconds.
    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
