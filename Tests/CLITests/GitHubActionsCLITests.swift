import Foundation
import Testing
import TestSupport

/// The GitHub Actions side of the CLI: annotations with `file=`/`line=`, `status`'s job outputs
/// and step summary.
@Suite struct GitHubActionsCLITests {
    /// `$GITHUB_OUTPUT` as GitHub reads it: `key=value` lines and `key<<DELIMITER` blocks.
    static func parseOutputs(_ text: String) throws -> [String: String] {
        var result: [String: String] = [:]
        var lines = text.components(separatedBy: "\n")[...]
        while let line = lines.popFirst() {
            if line.isEmpty { continue }
            if let range = line.range(of: "<<"), !line[..<range.lowerBound].contains("=") {
                let delimiter = String(line[range.upperBound...])
                var value: [String] = []
                while let next = lines.popFirst(), next != delimiter { value.append(next) }
                result[String(line[..<range.lowerBound])] = value.joined(separator: "\n")
            } else {
                let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard parts.count == 2 else { throw FixtureError("not an output line: \(line)") }
                result[String(parts[0])] = String(parts[1])
            }
        }
        return result
    }

    @Test func statusWritesJobOutputsAndAStepSummaryWhenTheVariablesAreSet() throws {
        let m = try InitMirror("rm-status-outputs")
        try m.run(["sync", "--quiet"]).expect(0)
        // Two rewrites held: two quarantines, a multi-line output.
        for round in 1...2 {
            try Shell.git("reset", "-q", "--hard", "HEAD~1", in: m.upstream.path)
            try m.upstream.commit("rewrite \(round)")
            #expect(try m.run(["sync", "--quiet"]).status == 3)
        }
        var env = InitMirror.environment
        env["GITHUB_OUTPUT"] = m.tmp.url("outputs.txt")
        env["GITHUB_STEP_SUMMARY"] = m.tmp.url("summary.md")
        let result = try Shell.run([m.binary, "status"], in: m.mirror, environment: env).expect(0)
        let outputs = try Self.parseOutputs(String(contentsOfFile: m.tmp.url("outputs.txt"), encoding: .utf8))
        let newest = try #require(m.upstream.releases.last).tag
        #expect(outputs["newest-tag"] == newest, "\(outputs)")
        #expect(outputs["upstream-reachable"] == "true")
        #expect(outputs["upstream-sha"] == (try m.upstream.revParse("HEAD")))
        #expect(outputs["mirror-sha"] == (try m.git("rev-parse", "upstream-main")))
        #expect(outputs["stale"] == "false")
        #expect(outputs["exit-status"] == "0")
        #expect(outputs["last-sync-result"] == "held")
        let quarantines = try #require(outputs["quarantines"]).split(separator: "\n")
        #expect(quarantines.count == 2, "\(outputs)")
        #expect(quarantines.allSatisfy { $0.hasPrefix("refs/release-mirror/quarantine/") })
        #expect(Set(outputs.keys) == [
            "upstream-reachable", "upstream-sha", "mirror-sha", "behind-by", "newest-tag", "newest-green-tag", "quarantines",
            "last-sync", "last-sync-result", "last-sync-age-seconds", "stale", "exit-status",
        ])
        let summary = try String(contentsOfFile: m.tmp.url("summary.md"), encoding: .utf8)
        #expect(summary.hasPrefix("### release-mirror status"), "\(summary)")
        #expect(summary.contains("| newest mirror tag | `\(newest)` |"), "\(summary)")
        #expect(summary.contains(String(quarantines[0])))
        #expect(result.stdout.contains("quarantined:"))

        // Stale: exit 7, said in the outputs and the summary.
        Thread.sleep(forTimeInterval: 1.5)
        let stale = try Shell.run([m.binary, "status", "--offline", "--max-age", "1s"], in: m.mirror, environment: env)
        #expect(stale.status == 7, "\(stale.output)")
        let again = try Self.parseOutputs(String(contentsOfFile: m.tmp.url("outputs.txt"), encoding: .utf8))
        #expect(again["stale"] == "true" && again["exit-status"] == "7", "\(again)")
        #expect(try String(contentsOfFile: m.tmp.url("summary.md"), encoding: .utf8).contains("**Stale:**"))

        // Without the variables, nothing is written anywhere.
        try FileManager.default.removeItem(atPath: m.tmp.url("outputs.txt"))
        try m.run(["status", "--offline"]).expect(0)
        #expect(!FileManager.default.fileExists(atPath: m.tmp.url("outputs.txt")))
    }

    @Test func aConfigurationErrorIsAnnotatedWithItsFileAndLine() throws {
        let tmp = TemporaryDirectory("rm-annotate-config")
        try "[upstream]\nurl = \"x\"\ncolour = 1\n".write(toFile: tmp.url("bad.toml"), atomically: true, encoding: .utf8)
        var env = InitMirror.environment
        env["GITHUB_ACTIONS"] = "true"
        env["GITHUB_WORKSPACE"] = tmp.path
        let result = try Shell.run([Products.executable("release-mirror"), "sync", "--config", tmp.url("bad.toml")], in: tmp.path, environment: env)
        #expect(result.status == 2)
        #expect(result.stdout.contains("::error file=bad.toml,line=3::"), "\(result.output)")
        #expect(result.stderr.contains("bad.toml:3: upstream.colour: unknown key"))

        // Under --json the annotation goes to stderr: stdout holds only the error document.
        let json = try Shell.run([Products.executable("release-mirror"), "sync", "--json", "--config", tmp.url("bad.toml")], in: tmp.path, environment: env)
        #expect(json.status == 2)
        #expect(json.stderr.contains("::error file=bad.toml,line=3::"), "\(json.output)")
        let document = try JSONContract.check("error", json)
        guard case .array(let problems)? = document["problems"], case .object(let first)? = problems.first else {
            Issue.record("no problems in \(document)")
            return
        }
        #expect(first["line"] == .number(3) && first["key"] == .string("upstream.colour"), "\(first)")
    }

    @Test func auditFindingsAreAnnotatedWithTheLedgerLine() throws {
        let m = try InitMirror("rm-annotate-audit")
        try m.run(["sync", "--quiet"]).expect(0)
        try m.run(["ledger", "update", "--quiet"]).expect(0)
        // Duplicate the first row of the table: a duplicate-row error on the copy's line.
        let ledger = m.mirror + "/RELEASES.md"
        var lines = try String(contentsOfFile: ledger, encoding: .utf8).components(separatedBy: "\n")
        let row = try #require(lines.firstIndex { $0.hasPrefix("| `@moonshot-ai/") })
        lines.insert(lines[row], at: row + 1)
        try lines.joined(separator: "\n").write(toFile: ledger, atomically: true, encoding: .utf8)
        var env = InitMirror.environment
        env["GITHUB_ACTIONS"] = "true"
        env["GITHUB_WORKSPACE"] = m.mirror
        let result = try Shell.run([m.binary, "audit"], in: m.mirror, environment: env)
        #expect(result.status == 5, "\(result.output)")
        #expect(result.stdout.contains("::error file=RELEASES.md,line=\(row + 2)::duplicate-row: "), "\(result.stdout)")
    }

    @Test func aRefusedPublishCheckIsAnnotatedWithTheManifest() throws {
        let fixture = try PublishCLIFixture()
        var env = InitMirror.environment
        env["GITHUB_ACTIONS"] = "true"
        env["GITHUB_WORKSPACE"] = fixture.directory
        let result = try Shell.run(
            [Products.executable("release-mirror"), "publish-tag", "9.9.9", "--from", fixture.tag(0), "--json"], in: fixture.directory,
            environment: env)
        #expect(result.status == 5, "\(result.output)")
        #expect(result.stderr.contains("::error file=packages/node-sdk/package.json::version: "), "\(result.stderr)")
        let document = try JSONContract.check("publish-tag", result)
        #expect(document["outcome"] == .string("refused"))
    }

    @Test func aRefusedPackageCheckIsAnnotatedWithTheSourcesManifest() throws {
        let fixture = try PackageCLIFixture()
        let source = try fixture.checkout("0.11.0")
        let result = try fixture.run(
            ["package", "0.3.1", "--source", source, "--out", fixture.tmp.url("out"), "--json"],
            environment: ["GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": fixture.tmp.path])
        #expect(result.status == 5, "\(result.output)")
        #expect(result.stderr.contains("::error file=src-0.11.0/packages/node-sdk/package.json::dependencies: "), "\(result.stderr)")
        try JSONContract.check("package", result)
    }
}
