import ArgumentParser
import Foundation
import ReleaseMirror

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check the RELEASES.md version mapping against git truth and the mirror's invariants.",
        discussion: """
            Prints a table of findings, each with a stable id, its severity and the ledger line it concerns. \
            Errors (exit 5): ledger-syntax, duplicate-row, tag-missing, tag-moved, version-mismatch, \
            publish-tag-mismatch, publish-tag-unlisted, release-branch-mismatch, published-unverified, \
            interface-mismatch (a row's Interface cell disagrees with publish.entry's exported names). \
            Warnings: tag-unlisted (run `ledger update`), sdk-drift (one SDK version at two mirror tags whose \
            package trees differ), version-regression (a newer release carries an older SDK version), \
            manifest-unreadable (the manifest at a tag is not a readable JSON file with a SemVer version), \
            interface-unlisted (publish.entry is set but the table has no Interface column). \
            Nothing is written; --json emits the findings.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The ledger to audit (default: publish.ledger).", valueName: "path"))
    var ledger: String?

    func run() async throws {
        try await CommandSupport.runInMirror(global) { (workspace, console) throws(MirrorError) -> ExitStatus in
            let path = ledger.map { ($0 as NSString).expandingTildeInPath }.map {
                $0.hasPrefix("/") ? $0 : FileManager.default.currentDirectoryPath + "/" + $0
            }
            let report = try Auditor(workspace: workspace).audit(ledgerPath: path)
            console.emitJSON(report)
            console.result(
                "audit of \(report.ledger): \(report.releases) mirror tag(s), \(report.rows) row(s), \(report.publishTags) publish tag(s)")
            if report.findings.isEmpty {
                console.result("no findings")
            } else {
                let subjectWidth = min(40, report.findings.map(\.subject.count).max() ?? 10)
                let idWidth = AuditFinding.Kind.allCases.map(\.rawValue.count).max() ?? 20
                func pad(_ text: String, _ width: Int) -> String {
                    text.count >= width ? text : text.padding(toLength: width, withPad: " ", startingAt: 0)
                }
                console.result("\(pad("SEVERITY", 8))  \(pad("ID", idWidth))  \(pad("LINE", 5))  \(pad("SUBJECT", subjectWidth))  FINDING")
                for finding in report.findings {
                    console.result(
                        "\(pad(finding.severity.rawValue, 8))  \(pad(finding.id.rawValue, idWidth))  "
                            + "\(pad(finding.line.map(String.init) ?? "—", 5))  \(pad(finding.subject, subjectWidth))  \(finding.message)")
                }
            }
            let verdict = report.errors > 0 ? " (exit 5)" : ""
            console.result(
                "\(report.errors) error(s), \(report.warnings) warning(s) in \(String(format: "%.0f", report.durationSeconds * 1000)) ms\(verdict)")
            if console.gitHubActions {
                for finding in report.findings {
                    let text = "\(finding.id.rawValue): \(finding.subject): \(finding.message)"
                    if finding.severity == .error {
                        console.error(text, file: report.ledger, line: finding.line)
                    } else {
                        console.warning(text, file: report.ledger, line: finding.line)
                    }
                }
            }
            console.outputs([
                ("errors", String(report.errors)), ("warnings", String(report.warnings)),
                ("exit-status", String(report.exitStatus.rawValue)),
            ])
            var summary = ["### release-mirror audit", "", "| severity | id | line | subject | finding |", "|---|---|---|---|---|"]
            for finding in report.findings {
                summary.append(
                    "| \(finding.severity.rawValue) | `\(finding.id.rawValue)` | \(finding.line.map(String.init) ?? "—") | "
                        + "`\(finding.subject)` | \(finding.message.replacingOccurrences(of: "|", with: "\\|")) |")
            }
            summary.append("")
            summary.append("\(report.errors) error(s), \(report.warnings) warning(s)")
            console.stepSummary(summary.joined(separator: "\n"))
            return report.exitStatus
        }
    }
}
