import Foundation
import Git
import ReleaseMirror
import Synchronization
import Testing
import TestSupport

/// Records the waits the GitHub sink asks for, instead of waiting.
final class RecordedSleeps: Sendable {
    private let waits = Mutex<[Duration]>([])
    var all: [Duration] { waits.withLock { $0 } }
    var policy: RetryPolicy {
        RetryPolicy(sleep: { wait in self.waits.withLock { $0.append(wait) } })
    }
}

/// Collects what the publisher printed.
final class PrintedReports: Sendable {
    private let reports = Mutex<[BreakReport]>([])
    var all: [BreakReport] { reports.withLock { $0 } }
    var printer: ReportPublisher.Printer { { report, _ in self.reports.withLock { $0.append(report) } } }
}

/// Break reports: the model, triage, the directory sink, and the GitHub sink against a real HTTP
/// server on loopback (create → comment → close, retries, permanent failure).
@Suite struct ReportTests {
    static let failingLog = (1...100).map { "line \($0)" }.joined(separator: "\n")
        + "\nsrc/index.ts(3,14): error TS2304: Cannot find name 'SessionOptions'.\nrelease-mirror: the command exited with status 2"

    func outcome(_ f: SmokeFixture, status: SmokeOutcome.Status = .failed, log: String = ReportTests.failingLog) -> SmokeOutcome {
        SmokeOutcome(
            ref: "refs/tags/" + SmokeFixture.tag, commit: ObjectID(hex: f.release)!, version: "1.2.3", status: status,
            command: ["sh", "-c", "pnpm build"], started: "2026-01-01T00:00:00Z", durationSeconds: 12.5, logTail: log,
            logPath: "/tmp/x.log")
    }

    // MARK: - Triage

    @Test func manifestMissingAtTheCommitIsEnvironment() throws {
        let f = try SmokeFixture()
        let workspace = try f.workspace(f.configuration(["true"]))
        #expect(ReportPublisher.manifestPresent(at: ObjectID(hex: f.release)!, in: workspace) == true)
        #expect(ReportPublisher.manifestPresent(at: ObjectID(hex: f.moved)!, in: workspace) == false)
        var moved = outcome(f)
        moved.commit = ObjectID(hex: f.moved)!
        let report = ReportBuilder(workspace: workspace).smokeFailed(
            moved, manifestPresent: ReportPublisher.manifestPresent(at: moved.commit, in: workspace))
        #expect(report.triage.hint == .environment)
        #expect(report.triage.reason.contains("packages/node-sdk/package.json"))
        #expect(report.body.contains("**Triage: `environment`**"))
    }

    @Test func aCompilerErrorIsAnUpstreamBreak() throws {
        let triage = TriageRules.assess(
            status: .failed, logTail: ReportTests.failingLog, manifestPath: "packages/node-sdk/package.json",
            manifestPresent: true, commit: "abc")
        #expect(triage.hint == .upstreamBreak)
        #expect(triage.reason.contains("error TS2304"))
    }

    @Test func lockfileToolchainAndNetworkErrorsAreEnvironment() {
        let cases: [(String, String)] = [
            (" ERR_PNPM_OUTDATED_LOCKFILE  Cannot install with \"frozen-lockfile\" because pnpm-lock.yaml is not up to date", "lockfile"),
            ("sh: 1: pnpm: not found\nrelease-mirror: the command exited with status 127", "toolchain"),
            ("bash: corepack: command not found", "toolchain"),
            ("Error: Corepack must currently be enabled", "toolchain"),
            ("npm ERR! request to https://registry.npmjs.org/x failed, reason: getaddrinfo ENOTFOUND registry.npmjs.org", "network"),
            ("Error: read ECONNRESET", "network"),
            ("connect ETIMEDOUT 104.16.0.1:443", "network"),
        ]
        for (log, label) in cases {
            let triage = TriageRules.assess(status: .failed, logTail: log, manifestPath: "m.json", manifestPresent: true, commit: "abc")
            #expect(triage.hint == .environment, "\(log)")
            #expect(triage.reason.contains(label), "\(log) → \(triage.reason)")
        }
        // The command line in the log header mentions corepack and --frozen-lockfile: not evidence.
        let header = "# command: sh -c 'corepack enable && pnpm install --frozen-lockfile'\nerror TS2322: Type 'x' is not assignable"
        #expect(TriageRules.assess(status: .failed, logTail: header, manifestPath: "m", manifestPresent: true, commit: "a").hint == .upstreamBreak)
    }

    // MARK: - The model

    @Test func aSmokeReportCarriesWhatAMaintainerNeedsAndNoSecret() throws {
        let f = try SmokeFixture()
        let workspace = try f.workspace(
            f.configuration(["true"]),
            variables: f.variables([
                "GITHUB_SERVER_URL": "https://github.example", "GITHUB_REPOSITORY": "acme/mirror", "GITHUB_RUN_ID": "4242",
            ]))
        let log = ReportTests.failingLog + "\nnpm http fetch with token \(SmokeFixture.token)"
        let report = ReportBuilder(workspace: workspace).smokeFailed(outcome(f, log: log), manifestPresent: true)
        #expect(report.kind == .smokeFailed)
        #expect(report.fingerprint == "smoke-failed:" + SmokeFixture.tag)
        #expect(report.body.hasPrefix("<!-- release-mirror:fingerprint=smoke-failed:\(SmokeFixture.tag) -->"))
        #expect(report.body.contains(f.release), "the full sha")
        #expect(report.body.contains("refs/tags/" + SmokeFixture.tag))
        #expect(report.body.contains("refs/heads/release/v1.2.3"))
        #expect(report.body.contains("sh -c 'pnpm build'"), "the command")
        #expect(report.body.contains("https://github.example/acme/mirror/actions/runs/4242"), "the CI run")
        #expect(report.body.contains("**Triage: `upstream-break`**"))
        let tail = try #require(report.logTail)
        #expect(tail.split(separator: "\n", omittingEmptySubsequences: false).count == 60, "the last 60 lines")
        #expect(!tail.contains("line 40\n") && tail.contains("line 100"))
        #expect(!report.body.contains(SmokeFixture.token) && report.body.contains("***"), "the token is redacted")
        #expect(report.title == "Smoke failed: \(SmokeFixture.tag) (upstream-break)")
    }

    @Test func findingsAndFailedSyncsBecomeReportsWithStableFingerprints() throws {
        let f = try SmokeFixture()
        let workspace = try f.workspace(f.configuration(["true"]))
        let builder = ReportBuilder(workspace: workspace)
        let a = ObjectID(hex: f.release)!
        let b = ObjectID(hex: f.moved)!
        let rewrite = try #require(
            builder.report(
                for: Finding(
                    kind: .historyRewritten, ref: "refs/heads/upstream-main", message: "rewritten", ours: a, theirs: b,
                    mergeBase: a, dropped: 2, added: 3),
                quarantine: "refs/release-mirror/quarantine/20260101T000000Z-\(b.short())"))
        #expect(rewrite.fingerprint == "history-rewritten:upstream-main")
        #expect(rewrite.body.contains("release-mirror accept-rewrite \(b.hex)"))
        #expect(rewrite.body.contains("refs/release-mirror/quarantine/"))
        let moved = try #require(builder.report(for: Finding(kind: .tagMoved, ref: "refs/tags/v1", message: "moved", ours: a, theirs: b)))
        #expect(moved.fingerprint == "tag-moved:v1")
        #expect(moved.body.contains(a.hex) && moved.body.contains(b.hex))
        let deleted = try #require(builder.report(for: Finding(kind: .tagDeleted, ref: "refs/tags/v1", message: "gone", ours: a)))
        #expect(deleted.fingerprint == "tag-deleted:v1")
        #expect(builder.report(for: Finding(kind: .invalidVersion, ref: "refs/tags/vx", message: "bad")) == nil)
        let failed = builder.syncFailed("fetch upstream: failed to resolve address: getaddrinfo ENOTFOUND github.com")
        #expect(failed.fingerprint == "sync-failed:upstream-main")
        #expect(failed.triage.hint == .environment)
        #expect(builder.rewriteAccepted(oldTip: a, newTip: b, archive: nil).fingerprint == rewrite.fingerprint)
        #expect(builder.smokePassed(outcome(f, status: .passed)).fingerprint == "smoke-failed:" + SmokeFixture.tag)
    }

    @Test func theDirectorySinkWritesMarkdownAndJSONNamedAfterTheFingerprint() throws {
        let f = try SmokeFixture()
        let workspace = try f.workspace(f.configuration(["true"]))
        let report = ReportBuilder(workspace: workspace).smokeFailed(outcome(f), manifestPresent: true)
        let path = try DirectoryReportSink(directory: f.tmp.url("reports")).write(report)
        #expect(path == f.tmp.url("reports/smoke-failed__moonshot-ai_kimi-code_1.2.3.md"))
        let markdown = try String(contentsOfFile: path, encoding: .utf8)
        #expect(markdown.contains(report.marker))
        let json = try Data(contentsOf: URL(fileURLWithPath: f.tmp.url("reports/smoke-failed__moonshot-ai_kimi-code_1.2.3.json")))
        let decoded = try JSONDecoder().decode(BreakReport.self, from: json)
        #expect(decoded == report)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: f.tmp.url("reports")).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }

    // MARK: - GitHub

    func gitHubWorkspace(_ f: SmokeFixture, _ server: FakeGitHub, api: String? = nil, directory: Bool = true) throws -> MirrorWorkspace {
        let report = """
            github-repository = "acme/mirror"
            labels = ["sync", "upstream-break"]
            \(directory ? "directory = \"reports\"" : "")
            """
        return try f.workspace(
            f.configuration(["true"], report: report),
            variables: f.variables(["GITHUB_API_URL": api ?? server.apiURL, "GITHUB_TOKEN": server.token]))
    }

    @Test func gitHubSinkCreatesThenCommentsThenClosesOneIssue() async throws {
        let f = try SmokeFixture()
        let server = try FakeGitHub(token: SmokeFixture.token)
        let workspace = try gitHubWorkspace(f, server)
        let sleeps = RecordedSleeps()
        let printed = PrintedReports()
        let publisher = ReportPublisher(retry: sleeps.policy, printer: printed.printer)
        let builder = ReportBuilder(workspace: workspace)
        let log = ReportTests.failingLog + "\nauth header Bearer \(SmokeFixture.token)"

        // First failure: one issue, with the labels and the marker.
        let first = await publisher.publish([builder.smokeFailed(outcome(f, log: log), manifestPresent: true)], clearing: [], in: workspace)
        var state = try server.state()
        #expect(state.issues.count == 1)
        let issue = try #require(state.issues.first)
        #expect(issue.labels == ["sync", "upstream-break"])
        #expect(issue.state == "open")
        #expect(issue.body.contains("<!-- release-mirror:fingerprint=smoke-failed:\(SmokeFixture.tag) -->"))
        #expect(!issue.body.contains(SmokeFixture.token))
        #expect(first == ["smoke-failed:\(SmokeFixture.tag): opened issue #1 \(server.apiURL)/acme/mirror/issues/1"])

        // The same failure on the next run: a comment, not a twin.
        let second = await publisher.publish([builder.smokeFailed(outcome(f, log: log), manifestPresent: true)], clearing: [], in: workspace)
        state = try server.state()
        #expect(state.issues.count == 1)
        #expect(state.issues[0].comments.count == 1)
        #expect(state.issues[0].comments[0].contains("Seen again"))
        #expect(!state.issues[0].comments[0].contains(SmokeFixture.token))
        #expect(second.first?.contains("commented on issue #1") == true)

        // A later pass of the same tag closes it with a comment.
        let third = await publisher.publish([], clearing: [builder.smokePassed(outcome(f, status: .passed))], in: workspace)
        state = try server.state()
        #expect(state.issues[0].state == "closed")
        #expect(state.issues[0].comments.count == 2)
        #expect(state.issues[0].comments[1].contains("Smoke **passed**"))
        #expect(third == ["smoke-failed:\(SmokeFixture.tag): closed issue #1 \(server.apiURL)/acme/mirror/issues/1"])

        // A new failure after the close opens a new issue.
        _ = await publisher.publish([builder.smokeFailed(outcome(f), manifestPresent: true)], clearing: [], in: workspace)
        #expect(try server.state().issues.count == 2)

        let authorized = state.requests.allSatisfy { $0.authorized }
        #expect(authorized, "every API request carried the token")
        #expect(sleeps.all.isEmpty, "nothing was retried")
        #expect(printed.all.count == 3, "every report is printed, whatever GitHub does")
    }

    @Test func a502ThenSuccessIsRetriedWithBackoff() async throws {
        let f = try SmokeFixture()
        let server = try FakeGitHub(token: SmokeFixture.token)
        let workspace = try gitHubWorkspace(f, server)
        let sleeps = RecordedSleeps()
        let publisher = ReportPublisher(retry: sleeps.policy, printer: PrintedReports().printer)
        try server.failNext(2, status: 502)
        let lines = await publisher.publish(
            [ReportBuilder(workspace: workspace).smokeFailed(outcome(f), manifestPresent: true)], clearing: [], in: workspace)
        let state = try server.state()
        #expect(state.issues.count == 1)
        #expect(lines.first?.contains("opened issue #1") == true)
        #expect(sleeps.all == [.seconds(1), .seconds(2)], "exponential backoff from 1 s")
        #expect(state.requests.map(\.method) == ["GET", "GET", "GET", "POST"])
    }

    @Test func rateLimitsHonourRetryAfterAndGiveUpWhenTheWaitIsTooLong() async throws {
        let f = try SmokeFixture()
        let server = try FakeGitHub(token: SmokeFixture.token)
        let workspace = try gitHubWorkspace(f, server)
        let sleeps = RecordedSleeps()
        let publisher = ReportPublisher(retry: sleeps.policy, printer: PrintedReports().printer)
        let report = ReportBuilder(workspace: workspace).smokeFailed(outcome(f), manifestPresent: true)

        try server.failNext(1, status: 429, retryAfter: "7")
        _ = await publisher.publish([report], clearing: [], in: workspace)
        #expect(sleeps.all == [.seconds(7)], "Retry-After is honoured")
        #expect(try server.state().issues.count == 1)

        // A limit that resets in an hour is not waited for: the report is kept locally instead.
        try server.failNext(1, status: 403, retryAfter: "3600")
        let lines = await publisher.publish([report], clearing: [], in: workspace)
        #expect(sleeps.all == [.seconds(7)])
        #expect(lines.first?.contains("NOT filed on GitHub (HTTP 403)") == true, "\(lines)")
        #expect(f.events.errors.contains { $0.contains("longer than") })
    }

    @Test func aPermanentFailureStillLeavesTheReportPrintedAndInTheDirectory() async throws {
        let f = try SmokeFixture()
        let server = try FakeGitHub(token: SmokeFixture.token)
        let workspace = try gitHubWorkspace(f, server)
        let sleeps = RecordedSleeps()
        let printed = PrintedReports()
        let publisher = ReportPublisher(retry: sleeps.policy, printer: printed.printer)
        try server.failNext(1000, status: 502)
        let report = ReportBuilder(workspace: workspace).smokeFailed(outcome(f), manifestPresent: true)
        let lines = await publisher.publish([report], clearing: [], in: workspace)

        #expect(try server.state().issues.isEmpty)
        #expect(try server.state().requests.count == RetryPolicy.standard.maxAttempts, "bounded retries")
        #expect(sleeps.all.count == RetryPolicy.standard.maxAttempts - 1)
        #expect(printed.all.map(\.fingerprint) == [report.fingerprint], "printed")
        let markdown = f.tmp.url("reports/\(report.fileStem).md")
        #expect(FileManager.default.fileExists(atPath: markdown), "kept in the directory sink")
        #expect(FileManager.default.fileExists(atPath: f.tmp.url("reports/\(report.fileStem).json")))
        #expect(lines == ["\(report.fingerprint): NOT filed on GitHub (HTTP 502); printed above and written to \(markdown)"])
        let error = try #require(f.events.errors.first)
        #expect(error.contains("HTTP 502") && error.contains("list open issues of acme/mirror"))
        #expect(!error.contains(SmokeFixture.token))
    }

    @Test func aRefusedTokenIsNotRetriedAndCleartextToARemoteHostIsRefused() async throws {
        let f = try SmokeFixture()
        let server = try FakeGitHub(token: "the-right-token-value")
        let sleeps = RecordedSleeps()
        let publisher = ReportPublisher(retry: sleeps.policy, printer: PrintedReports().printer)
        // The workspace's token is not the one the server accepts: 401, once.
        let report = """
            github-repository = "acme/mirror"
            """
        let wrong = try f.workspace(
            f.configuration(["true"], report: report),
            variables: f.variables(["GITHUB_API_URL": server.apiURL]))
        let built = ReportBuilder(workspace: wrong).smokeFailed(outcome(f), manifestPresent: true)
        let lines = await publisher.publish([built], clearing: [], in: wrong)
        #expect(lines.first?.contains("HTTP 401") == true, "\(lines)")
        #expect(try server.state().requests.count == 1)
        #expect(sleeps.all.isEmpty)
        #expect(f.events.errors.contains { $0.contains("token was refused") && !$0.contains(SmokeFixture.token) })

        // Plain http to a non-loopback host: nothing is sent.
        let cleartext = try f.workspace(
            f.configuration(["true"], report: report),
            variables: f.variables(["GITHUB_API_URL": "http://api.github.example"]))
        let kept = await publisher.publish([built], clearing: [], in: cleartext)
        #expect(kept == ["\(built.fingerprint): printed"])
        #expect(f.events.warnings.contains { $0.contains("never sent in the clear") })
    }

    @Test func aSyncResultReportsFindingsAndFailedSmokesAndClearsWhatPassed() async throws {
        let f = try SmokeFixture()
        let server = try FakeGitHub(token: SmokeFixture.token)
        let workspace = try gitHubWorkspace(f, server, directory: false)
        let publisher = ReportPublisher(retry: RecordedSleeps().policy, printer: PrintedReports().printer)
        let a = ObjectID(hex: f.release)!
        let b = ObjectID(hex: f.moved)!
        var result = SyncResult()
        result.smoke = [outcome(f)]
        result.plan.findings = [
            Finding(kind: .historyRewritten, ref: "refs/heads/upstream-main", message: "rewritten", ours: a, theirs: b, mergeBase: a, dropped: 1, added: 1),
            Finding(kind: .tagMoved, ref: "refs/tags/v1", message: "moved", ours: a, theirs: b),
            Finding(kind: .invalidVersion, ref: "refs/tags/vx", message: "skipped"),
        ]
        result.exitStatus = .held
        let lines = await publisher.report(result, in: workspace)
        #expect(lines.count == 3, "\(lines)")
        let fingerprints = Set(try server.state().issues.compactMap { GitHubIssueSink.fingerprint(in: $0.body) })
        #expect(fingerprints == ["smoke-failed:\(SmokeFixture.tag)", "history-rewritten:upstream-main", "tag-moved:v1"])

        // Next run: the smoke passes and upstream went back to a descendant: both close; tag-moved stays.
        var next = SyncResult()
        next.smoke = [outcome(f, status: .passed)]
        let closed = await publisher.report(next, in: workspace)
        #expect(closed.count == 2, "\(closed)")
        let open = try server.state().issues.filter { $0.state == "open" }.compactMap { GitHubIssueSink.fingerprint(in: $0.body) }
        #expect(open == ["tag-moved:v1"])

        // A run that failed outright opens sync-failed; the next good run closes it.
        var failed = SyncResult()
        failed.error = "push to the mirror's remote: the remote rejected refs/heads/upstream-main (hook declined)"
        failed.exitStatus = .failure
        _ = await publisher.report(failed, in: workspace)
        #expect(try server.state().issues.contains { $0.title == "Sync failed: upstream-main" && $0.state == "open" })
        _ = await publisher.report(SyncResult(), in: workspace)
        #expect(try server.state().issues.contains { $0.title == "Sync failed: upstream-main" && $0.state == "closed" })
    }
}
