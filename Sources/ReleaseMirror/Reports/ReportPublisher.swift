import Foundation
public import Git

/// Delivers break reports everywhere they go, so none is ever lost (SPEC §8): every report is
/// printed (`printer`), written to `report.directory` when set (`DirectoryReportSink`), and filed
/// on GitHub when `report.github-repository` is set (`GitHubIssueSink`: a comment on the open issue
/// with the same fingerprint, else a new issue). Cleared conditions close their issues. A GitHub
/// failure is an `.error` event naming where the report was kept; it never fails the run.
///
/// As the sync's report stage it turns a `SyncResult` into reports: each failed smoke
/// (`smoke-failed`), each `history-rewritten` / `tag-moved` / `tag-deleted` finding, and a run that
/// ended in a runtime error (`sync-failed`); and into clearances: each passing smoke, a run without
/// a rewrite, a run without an error.
public struct ReportPublisher: SyncReportStage, Sendable {
    /// Prints a report for people; the default emits it as an `.info` event inside a group.
    public typealias Printer = @Sendable (BreakReport, MirrorWorkspace) -> Void

    /// How each report is printed.
    public var printer: Printer
    /// Retries of the GitHub sink.
    public var retry: RetryPolicy

    /// Creates a publisher.
    public init(retry: RetryPolicy = .standard, printer: Printer? = nil) {
        self.retry = retry
        self.printer = printer ?? ReportPublisher.printAsEvents
    }

    /// The default printer: the title as a group, the body as one `.info` event.
    public static let printAsEvents: Printer = { report, workspace in
        workspace.emit(.groupBegin("break report \(report.fingerprint): \(report.title)"))
        workspace.emit(.info(report.body))
        workspace.emit(.groupEnd)
    }

    // MARK: - Sync stage

    /// Reports and clearances for one sync run; returns one line per report or issue touched.
    public func report(_ result: SyncResult, in workspace: MirrorWorkspace) async -> [String] {
        guard !result.dryRun else { return [] }
        let (reports, clearances) = ReportPublisher.collect(result, in: workspace)
        return await publish(reports, clearing: clearances, in: workspace)
    }

    /// What a sync result reports and clears.
    static func collect(_ result: SyncResult, in workspace: MirrorWorkspace) -> ([BreakReport], [ReportClearance]) {
        let builder = ReportBuilder(workspace: workspace)
        var reports: [BreakReport] = []
        var clearances: [ReportClearance] = []
        for outcome in result.smoke {
            if outcome.status == .passed {
                clearances.append(builder.smokePassed(outcome))
            } else {
                reports.append(builder.smokeFailed(outcome, manifestPresent: manifestPresent(at: outcome.commit, in: workspace)))
            }
        }
        let quarantine = result.applied.first { $0.kind == .quarantine }?.ref
        for finding in result.plan.findings {
            if let report = builder.report(for: finding, quarantine: finding.kind == .historyRewritten ? quarantine : nil) {
                reports.append(report)
            }
        }
        if result.error == nil, !result.plan.findings.contains(where: { $0.kind == .historyRewritten }) {
            clearances.append(builder.historyFollowsAgain(tip: result.upstreamTip))
        }
        if let error = result.error, result.exitStatus == .failure {
            reports.append(builder.syncFailed(error))
        } else if result.error == nil {
            clearances.append(builder.syncSucceeded())
        }
        return (reports, clearances)
    }

    /// Whether `publish.manifest` exists at `commit` (`nil` when that cannot be read).
    public static func manifestPresent(at commit: ObjectID, in workspace: MirrorWorkspace) -> Bool? {
        guard let entry = try? workspace.repository.entry(at: commit, path: workspace.configuration.publish.manifest) else {
            return workspace.repository.contains(commit) ? false : nil
        }
        return entry.kind == .file || entry.kind == .executable || entry.kind == .symlink
    }

    // MARK: - Delivery

    /// Prints, stores and files `reports`, then closes the issues of `clearances`.
    /// - Returns: one line per report (where it went) and per closed issue.
    public func publish(_ reports: [BreakReport], clearing clearances: [ReportClearance], in workspace: MirrorWorkspace) async -> [String] {
        let redactor = workspace.redactor
        let reports = reports.map { $0.redacted(by: redactor) }
        var lines: [String] = []
        var kept: [String: String] = [:]  // fingerprint → where the report is safe

        for report in reports {
            printer(report, workspace)
            if let directory = workspace.configuration.report.directory {
                do {
                    kept[report.fingerprint] = try DirectoryReportSink(directory: directory).write(report)
                } catch {
                    workspace.emit(.error("could not write the report \(report.fingerprint) to report.directory: \(error)"))
                }
            }
        }

        let sink: GitHubIssueSink?
        do {
            sink = try GitHubIssueSink.make(
                configuration: workspace.configuration, variables: workspace.environment.variables, redactor: redactor, retry: retry)
        } catch {
            if !reports.isEmpty { workspace.emit(.warning(error.description + "; the report is printed above")) }
            sink = nil
        }
        guard let sink, !(reports.isEmpty && clearances.isEmpty) else {
            for report in reports {
                lines.append("\(report.fingerprint): " + (kept[report.fingerprint].map { "written to \($0)" } ?? "printed"))
            }
            return lines
        }

        var open: [String: GitHubIssueSink.OpenIssue]
        do {
            open = try await sink.openIssues()
        } catch {
            workspace.emit(.error(redactor.redact(error.description)))
            for report in reports { lines.append(notFiled(report, error, kept)) }
            return lines
        }
        var failure: GitHubError?  // after one request failed for good, the rest are not attempted
        for report in reports {
            if let failure {
                lines.append(notFiled(report, failure, kept))
                continue
            }
            do {
                switch try await sink.file(report, existing: open[report.fingerprint]) {
                case .created(let issue):
                    open[report.fingerprint] = issue
                    lines.append("\(report.fingerprint): opened issue #\(issue.number) \(issue.url)")
                case .commented(let issue):
                    lines.append("\(report.fingerprint): commented on issue #\(issue.number) \(issue.url)")
                }
            } catch {
                workspace.emit(.error(redactor.redact(error.description)))
                lines.append(notFiled(report, error, kept))
                failure = error
            }
        }
        let reported = Set(reports.map(\.fingerprint))
        for clearance in clearances where !reported.contains(clearance.fingerprint) && failure == nil {
            guard let issue = open[clearance.fingerprint] else { continue }
            do {
                try await sink.close(issue, comment: redactor.redact(clearance.comment))
                open[clearance.fingerprint] = nil
                lines.append("\(clearance.fingerprint): closed issue #\(issue.number) \(issue.url)")
            } catch {
                workspace.emit(.error(redactor.redact(error.description) + "; close issue #\(issue.number) by hand"))
                failure = error
            }
        }
        return lines
    }

    private func notFiled(_ report: BreakReport, _ error: GitHubError, _ kept: [String: String]) -> String {
        let place = kept[report.fingerprint].map { "printed above and written to \($0)" } ?? "printed above"
        return "\(report.fingerprint): NOT filed on GitHub (\(error.status.map { "HTTP \($0)" } ?? "network error")); \(place)"
    }
}
