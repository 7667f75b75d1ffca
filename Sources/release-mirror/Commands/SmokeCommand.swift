import ArgumentParser
import Foundation
import ReleaseMirror

struct SmokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smoke",
        abstract: "Run the smoke hook for one mirror tag, branch or commit, exactly as sync does.",
        discussion: """
            Checks the commit out into a fresh temporary directory (no .git, no credentials), runs smoke.command \
            there as an argv with only the smoke.env allowlist plus RELEASE_MIRROR_REF, RELEASE_MIRROR_COMMIT, \
            RELEASE_MIRROR_VERSION and RELEASE_MIRROR_WORKDIR, and kills the whole process group after \
            smoke.timeout-seconds. The output is streamed (a collapsed group under GitHub Actions) and the full \
            log is kept.

            With --record, the result is stored as a JSON note on the commit (refs/notes/release-mirror), the \
            notes ref is pushed to mirror.remote when set, and the ref's smoke-failed report is opened (or \
            commented on) when the smoke fails and closed when it passes. Exits 4 when the smoke did not pass.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("A mirror tag, branch, full ref or commit sha.", valueName: "ref"))
    var ref: String

    @Flag(help: "Store the result as a note, push it to mirror.remote, and open or close the ref's report.")
    var record = false

    @Option(help: ArgumentHelp("Seconds to wait for another run's lock (with --record).", valueName: "seconds"))
    var lockTimeout: Double = 0

    func run() async throws {
        try await CommandSupport.runInMirror(global) { (workspace, console) throws(MirrorError) -> ExitStatus in
            let configuration = workspace.configuration
            SmokeRunner.killHooksOnInterrupt()
            let engine = RefSmoke(workspace: workspace, publisher: ReportPublisher(printer: console.reportPrinter))
            let result = try await engine.run(ref, record: record, lockTimeout: lockTimeout)
            let outcome = result.outcome
            console.emitJSON(result)
            console.result(
                "smoke \(outcome.status.rawValue): \(outcome.ref) at \(outcome.commit.short()) "
                    + "(\(String(format: "%.1f", outcome.durationSeconds)) s)")
            if outcome.status != .passed {
                let report = ReportBuilder(workspace: workspace).smokeFailed(
                    outcome, manifestPresent: ReportPublisher.manifestPresent(at: outcome.commit, in: workspace))
                console.result("triage: \(report.triage.hint.rawValue) — \(report.triage.reason)")
            }
            if let path = outcome.logPath { console.result("full log: \(path)") }
            if result.recorded {
                console.result(
                    "recorded the note in \(Configuration.notesRef)"
                        + (result.pushed.isEmpty ? "" : "; pushed to \(configuration.mirror.remote)"))
            }
            for line in result.reports { console.result("report: \(line)") }
            console.outputs([
                ("smoke-status", outcome.status.rawValue), ("smoke-commit", outcome.commit.hex),
                ("smoke-log", outcome.logPath ?? ""),
            ])
            return outcome.status == .passed ? .success : .smokeFailed
        }
    }
}

extension Console {
    /// Prints a break report for people: the title and Markdown body on stdout (stderr under
    /// `--json`), inside a collapsible group under GitHub Actions. Used by `sync`, `smoke` and
    /// `accept-rewrite`, so a report is never lost even when GitHub cannot be reached.
    var reportPrinter: ReportPublisher.Printer {
        { [self] report, _ in
            let events = self.events
            events.send(.groupBegin("break report \(report.fingerprint)"))
            self.result("# \(report.title)\n\n\(report.body)")
            events.send(.groupEnd)
        }
    }
}
