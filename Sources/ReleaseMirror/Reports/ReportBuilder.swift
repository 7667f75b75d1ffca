import Foundation
import Git

/// Turns what a run found (smoke outcomes, sync findings, a failed sync) into `BreakReport`s and
/// `ReportClearance`s: fingerprints, titles, and Markdown bodies carrying the refs and shas, the
/// command, the last 60 log lines (redacted), the CI run link and the triage hint.
public struct ReportBuilder: Sendable {
    /// The configuration (branch names, manifest path, release-branch pattern).
    public let configuration: Configuration
    /// The environment (for `GITHUB_SERVER_URL`, `GITHUB_REPOSITORY`, `GITHUB_RUN_ID`).
    public let variables: [String: String]
    /// Applied to every text that goes into a report.
    public let redactor: Redactor
    /// The time stamped on reports.
    public let now: Date

    /// Creates a builder.
    public init(configuration: Configuration, variables: [String: String], redactor: Redactor, now: Date) {
        self.configuration = configuration
        self.variables = variables
        self.redactor = redactor
        self.now = now
    }

    /// A builder for `workspace`'s configuration and environment.
    public init(workspace: MirrorWorkspace) {
        self.init(
            configuration: workspace.configuration, variables: workspace.environment.variables,
            redactor: workspace.redactor, now: workspace.environment.now())
    }

    /// The CI run: `$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID`, when set.
    public var runURL: String? {
        guard let id = variables["GITHUB_RUN_ID"], !id.isEmpty, let repository = variables["GITHUB_REPOSITORY"],
            !repository.isEmpty
        else { return nil }
        var server = variables["GITHUB_SERVER_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? "https://github.com"
        while server.hasSuffix("/") { server.removeLast() }
        var url = "\(server)/\(repository)/actions/runs/\(id)"
        if let attempt = variables["GITHUB_RUN_ATTEMPT"], !attempt.isEmpty, attempt != "1" { url += "/attempts/\(attempt)" }
        return url
    }

    var mirrorBranch: String { configuration.mirror.branch }

    /// The report subject for a ref: a tag or branch short name, or a short sha.
    public static func subject(ofRef ref: String) -> String {
        for prefix in ["refs/tags/", "refs/heads/"] where ref.hasPrefix(prefix) { return String(ref.dropFirst(prefix.count)) }
        if let id = ObjectID(hex: ref) { return id.short() }
        return ref
    }

    // MARK: - Reports

    /// A `smoke-failed` report for a failed, timed-out or errored smoke run.
    /// - Parameter manifestPresent: whether `publish.manifest` exists at the commit (`nil` = unknown).
    public func smokeFailed(_ outcome: SmokeOutcome, manifestPresent: Bool?) -> BreakReport {
        let subject = ReportBuilder.subject(ofRef: outcome.ref)
        let tail = lastLines(redactor.redact(outcome.logTail), SmokeLog.tailLength)
        let triage = TriageRules.assess(
            status: outcome.status, logTail: tail, manifestPath: configuration.publish.manifest,
            manifestPresent: manifestPresent, commit: outcome.commit.short())
        let verb: String
        switch outcome.status {
        case .timedOut: verb = "timed out"
        case .error: verb = "could not run"
        default: verb = "failed"
        }
        var rows: [(String, String)] = [("ref", code(outcome.ref)), ("commit", code(outcome.commit.hex))]
        var objects = [outcome.ref: outcome.commit.hex]
        if let version = outcome.version {
            rows.append(("version", code(version)))
            let branch = "refs/heads/" + configuration.mirror.releaseBranch.name(for: version)
            rows.append(("release branch", code(branch)))
            objects[branch] = outcome.commit.hex
        }
        rows += [
            ("status", "**\(outcome.status.rawValue)**"),
            ("command", code(ArgvText.render(outcome.command))),
            ("started", outcome.started),
            ("duration", String(format: "%.1f s", outcome.durationSeconds)),
            ("tool", "release-mirror \(RunEnvironment.toolVersion)"),
        ]
        if let url = runURL { rows.append(("CI run", url)) }
        if let path = outcome.logPath { rows.append(("full log", code(path) + " (on the runner)")) }
        let lineCount = tail.isEmpty ? 0 : tail.split(separator: "\n", omittingEmptySubsequences: false).count
        let what = outcome.version != nil ? "release `\(subject)`" : "`\(subject)`"
        var body = [
            "",
            "### Smoke \(verb): `\(subject)`",
            "",
            "The smoke hook \(verb) for \(what) at `\(outcome.commit.short())`. "
                + (outcome.version != nil
                    ? "The mirror tag was still created (the mirror is faithful); consumers stay pinned to the last green tag."
                    : "The mirror itself is unaffected."),
            "",
            triageLine(triage),
            "",
            table(rows),
            "",
            "<details><summary>Last \(lineCount) log line(s)</summary>",
            "",
            fenced(tail.isEmpty ? "(no output)" : tail),
            "",
            "</details>",
            "",
            "Reproduce: `release-mirror smoke \(ArgvText.quote(subject))`. This issue is closed automatically when a later "
                + "smoke of `\(subject)` passes.",
        ].joined(separator: "\n")
        body = BreakReport.marker(for: BreakReport.fingerprint(.smokeFailed, subject)) + "\n" + body
        return BreakReport(
            kind: .smokeFailed, subject: subject, title: "Smoke \(verb): \(subject) (\(triage.hint.rawValue))", body: body,
            triage: triage, objects: objects, command: outcome.command, logTail: tail, logPath: outcome.logPath,
            runURL: runURL, created: timestamp
        ).redacted(by: redactor)
    }

    /// A report for a sync finding that has one (`history-rewritten`, `tag-moved`, `tag-deleted`);
    /// `nil` for the others (they are warnings only).
    /// - Parameter quarantine: the quarantine ref written for a rewritten tip, when known.
    public func report(for finding: Finding, quarantine: String? = nil) -> BreakReport? {
        let kind: BreakReport.Kind
        switch finding.kind {
        case .historyRewritten: kind = .historyRewritten
        case .tagMoved: kind = .tagMoved
        case .tagDeleted: kind = .tagDeleted
        default: return nil
        }
        let subject = kind == .historyRewritten ? mirrorBranch : ReportBuilder.subject(ofRef: finding.ref)
        let text: FindingText
        switch kind {
        case .historyRewritten: text = rewriteText(finding, quarantine: quarantine)
        case .tagMoved: text = tagMovedText(finding, subject: subject)
        default: text = tagDeletedText(finding, subject: subject)
        }
        var rows = text.rows
        let objects = text.objects
        let (title, heading, explanation, next) = (text.title, text.heading, text.explanation, text.next)
        rows.append(("upstream", code(configuration.upstream.url.description)))
        if let url = runURL { rows.append(("CI run", url)) }
        let reason: String
        switch kind {
        case .historyRewritten:
            reason = "upstream rewrote `\(configuration.upstream.branch)`"
                + (finding.dropped.map { ": \($0) mirrored commit(s) are no longer on it" } ?? "")
        case .tagMoved: reason = "upstream moved a published release tag"
        default: reason = "upstream deleted a published release tag"
        }
        let triage = Triage(hint: .upstreamBreak, reason: reason + " (upstream changed published history)")
        let body = [
            BreakReport.marker(for: BreakReport.fingerprint(kind, subject)),
            "",
            "### \(heading)",
            "",
            explanation,
            "",
            triageLine(triage),
            "",
            table(rows),
            "",
            next,
        ].joined(separator: "\n")
        return BreakReport(
            kind: kind, subject: subject, title: title, body: body, triage: triage, objects: objects, runURL: runURL,
            created: timestamp
        ).redacted(by: redactor)
    }

    /// The parts of a finding's report that differ by kind.
    struct FindingText {
        var title: String
        var heading: String
        var explanation: String
        var next: String
        var rows: [(String, String)] = []
        var objects: [String: String] = [:]
    }

    /// `history-rewritten`: the old and new tips, the merge base, the quarantine ref.
    func rewriteText(_ finding: Finding, quarantine: String?) -> FindingText {
        let target = finding.theirs?.hex ?? "<sha>"
        var text = FindingText(
            title: "Upstream rewrote the history of \(configuration.upstream.branch); \(mirrorBranch) is held",
            heading: "Upstream rewrote `\(configuration.upstream.branch)`: `\(mirrorBranch)` is held",
            explanation: "Upstream's tip is not a descendant of the mirror branch, so the mirror did not move "
                + "(nothing is ever force-updated). "
                + (finding.dropped.map { "\($0) mirrored commit(s) are no longer on upstream's branch" } ?? "Mirrored commits were dropped")
                + (finding.added.map { "; upstream has \($0) commit(s) the mirror lacks." } ?? "."),
            next: "Inspect the quarantined tip (e.g. `git log \(finding.mergeBase?.short() ?? "<merge-base>")..\(finding.theirs?.short() ?? "<sha>")`), "
                + "then run `release-mirror accept-rewrite \(target)` to move the branch (the old tip is archived). "
                + "This issue is closed automatically when the rewrite is accepted.")
        text.rows.append(("upstream branch", code("refs/heads/" + configuration.upstream.branch)))
        text.rows.append(("mirror branch", code(finding.ref)))
        if let ours = finding.ours { text.rows.append(("old tip (mirror)", code(ours.hex))); text.objects[finding.ref] = ours.hex }
        if let theirs = finding.theirs { text.rows.append(("new tip (upstream)", code(theirs.hex))); text.objects["upstream"] = theirs.hex }
        if let base = finding.mergeBase { text.rows.append(("merge base", code(base.hex))); text.objects["merge-base"] = base.hex }
        if let dropped = finding.dropped { text.rows.append(("commits dropped", "\(dropped)")) }
        if let added = finding.added { text.rows.append(("commits added", "\(added)")) }
        if let quarantine, let theirs = finding.theirs {
            text.rows.append(("quarantine", code(quarantine)))
            text.objects[quarantine] = theirs.hex
        }
        return text
    }

    /// `tag-moved`: the mirror's object (kept) and upstream's.
    func tagMovedText(_ finding: Finding, subject: String) -> FindingText {
        var text = FindingText(
            title: "Upstream moved tag \(subject)", heading: "Upstream moved tag `\(subject)`",
            explanation: "The mirror keeps the tag where it was first mirrored (tags are immutable); upstream's tag now names "
                + "another object.",
            next: "Nothing moves on its own. Ask upstream why the tag moved; consumers pinned to the mirror tag are unaffected.")
        text.rows.append(("tag", code(finding.ref)))
        if let ours = finding.ours { text.rows.append(("mirror (kept)", code(ours.hex))); text.objects[finding.ref] = ours.hex }
        if let theirs = finding.theirs {
            text.rows.append(("upstream now", code(theirs.hex)))
            text.objects["upstream:" + finding.ref] = theirs.hex
        }
        return text
    }

    /// `tag-deleted`: the mirror's copy (kept).
    func tagDeletedText(_ finding: Finding, subject: String) -> FindingText {
        var text = FindingText(
            title: "Upstream deleted tag \(subject)", heading: "Upstream deleted tag `\(subject)`",
            explanation: "The mirror keeps its copy of the tag (upstream deletions are never propagated).",
            next: "Nothing moves on its own; consumers pinned to the mirror tag are unaffected.")
        text.rows.append(("tag", code(finding.ref)))
        if let ours = finding.ours { text.rows.append(("mirror (kept)", code(ours.hex))); text.objects[finding.ref] = ours.hex }
        return text
    }

    /// A `sync-failed` report for a run that failed (network, git, I/O, a rejected push).
    public func syncFailed(_ message: String) -> BreakReport {
        let clean = redactor.redact(message)
        let triage = TriageRules.assess(failure: clean)
        var rows: [(String, String)] = [
            ("mirror branch", code("refs/heads/" + mirrorBranch)),
            ("upstream", code(configuration.upstream.url.description)),
            ("mirror remote", code(configuration.mirror.remote.isEmpty ? "(none)" : configuration.mirror.remote.description)),
            ("tool", "release-mirror \(RunEnvironment.toolVersion)"),
        ]
        if let url = runURL { rows.append(("CI run", url)) }
        let body = [
            BreakReport.marker(for: BreakReport.fingerprint(.syncFailed, mirrorBranch)),
            "",
            "### Sync failed: `\(mirrorBranch)`",
            "",
            "The sync stopped with an error. No ref was force-updated; re-running completes the work once the cause is fixed.",
            "",
            triageLine(triage),
            "",
            table(rows),
            "",
            fenced(lastLines(clean, SmokeLog.tailLength)),
            "",
            "This issue is closed automatically by the next successful sync.",
        ].joined(separator: "\n")
        return BreakReport(
            kind: .syncFailed, subject: mirrorBranch, title: "Sync failed: \(mirrorBranch)", body: body, triage: triage,
            objects: [:], logTail: lastLines(clean, SmokeLog.tailLength), runURL: runURL, created: timestamp
        ).redacted(by: redactor)
    }

    // MARK: - Clearances

    /// A passing smoke clears the `smoke-failed` report of the same ref.
    public func smokePassed(_ outcome: SmokeOutcome) -> ReportClearance {
        let subject = ReportBuilder.subject(ofRef: outcome.ref)
        var text = "Smoke **passed** for `\(subject)` at `\(outcome.commit.short())` on \(outcome.started) "
            + "(`\(ArgvText.render(outcome.command))`, \(String(format: "%.1f", outcome.durationSeconds)) s)."
        if let url = runURL { text += " CI run: \(url)" }
        return ReportClearance(fingerprint: BreakReport.fingerprint(.smokeFailed, subject), comment: redactor.redact(text + " Closing."))
    }

    /// An accepted rewrite clears the `history-rewritten` report of the mirror branch.
    public func rewriteAccepted(oldTip: ObjectID?, newTip: ObjectID, archive: String?) -> ReportClearance {
        var text = "The rewrite was accepted: `refs/heads/\(mirrorBranch)` now points at `\(newTip.hex)`"
        if let oldTip { text += " (was `\(oldTip.hex)`" + (archive.map { ", archived as `\($0)`" } ?? "") + ")" }
        text += "."
        if let url = runURL { text += " CI run: \(url)" }
        return ReportClearance(fingerprint: BreakReport.fingerprint(.historyRewritten, mirrorBranch), comment: text + " Closing.")
    }

    /// A sync that found no rewrite clears the `history-rewritten` report (upstream went back).
    public func historyFollowsAgain(tip: ObjectID?) -> ReportClearance {
        let text = "Upstream's `\(configuration.upstream.branch)` is a descendant of the mirror branch again"
            + (tip.map { " (tip `\($0.short())`)" } ?? "") + "; the mirror follows it. Closing."
        return ReportClearance(fingerprint: BreakReport.fingerprint(.historyRewritten, mirrorBranch), comment: text)
    }

    /// A successful sync clears the `sync-failed` report.
    public func syncSucceeded() -> ReportClearance {
        var text = "A sync of `\(mirrorBranch)` succeeded on \(timestamp)."
        if let url = runURL { text += " CI run: \(url)" }
        return ReportClearance(fingerprint: BreakReport.fingerprint(.syncFailed, mirrorBranch), comment: text + " Closing.")
    }

    // MARK: - Markdown

    var timestamp: String { ISO8601DateFormatter().string(from: now) }

    func triageLine(_ triage: Triage) -> String {
        "**Triage: `\(triage.hint.rawValue)`** — \(triage.reason)"
    }

    func code(_ text: String) -> String {
        let longest = ReportBuilder.longestRun(of: "`", in: text)
        let ticks = String(repeating: "`", count: longest + 1)
        let pad = text.hasPrefix("`") || text.hasSuffix("`") ? " " : ""
        return ticks + pad + text + pad + ticks
    }

    func table(_ rows: [(String, String)]) -> String {
        var lines = ["| | |", "|---|---|"]
        for (key, value) in rows {
            let cell = value.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
            lines.append("| \(key) | \(cell) |")
        }
        return lines.joined(separator: "\n")
    }

    func fenced(_ text: String) -> String {
        let fence = String(repeating: "`", count: max(3, ReportBuilder.longestRun(of: "`", in: text) + 1))
        return "\(fence)text\n\(text)\n\(fence)"
    }

    func lastLines(_ text: String, _ count: Int) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.suffix(count).joined(separator: "\n")
    }

    static func longestRun(of character: Character, in text: String) -> Int {
        var longest = 0
        var current = 0
        for c in text {
            if c == character {
                current += 1
                longest = max(longest, current)
            } else {
                current = 0
            }
        }
        return longest
    }
}
