import ArgumentParser
import Foundation
import ReleaseMirror

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show upstream vs mirror, the newest and newest green tag, quarantines and the last sync.",
        discussion: """
            The newest green tag is the newest mirror tag whose commit has a passing smoke note: what \
            consumers should pin. With --max-age, exits 7 when the last recorded sync is older (GitHub \
            disables scheduled workflows after 60 days without activity; this is how you notice). The \
            sync record lives in the mirror repository itself (refs/release-mirror/last-sync). When \
            $GITHUB_OUTPUT is set it writes the job outputs upstream-reachable, upstream-sha, mirror-sha, \
            behind-by, newest-tag, newest-green-tag, quarantines (one ref a line), last-sync, last-sync-result, \
            last-sync-age-seconds, stale and exit-status; when $GITHUB_STEP_SUMMARY is set, a Markdown summary.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Exit 7 when the last sync is older than this (e.g. 36h, 90m, 2d).", valueName: "age"))
    var maxAge: String?

    @Flag(help: "Do not contact upstream.")
    var offline = false

    func validate() throws {
        if let maxAge, MirrorStatus.parseDuration(maxAge) == nil {
            throw ValidationError("--max-age \(maxAge): use a number with s, m, h or d, e.g. 36h")
        }
    }

    func run() async throws {
        try await CommandSupport.runInMirror(global) { (workspace, console) throws(MirrorError) -> ExitStatus in
            let configuration = workspace.configuration
            let limit = maxAge.flatMap(MirrorStatus.parseDuration)
            let status = try MirrorStatus.read(workspace: workspace, offline: offline, maxAge: limit)
            console.emitJSON(status)
            let upstream = status.upstreamReachable
                ? (status.upstreamTip?.short() ?? "no branch")
                : offline ? "not contacted (--offline)" : "unreachable: " + (status.upstreamError ?? "unknown reason")
            console.result("upstream \(configuration.upstream.branch): \(upstream)")
            var mirror = "mirror \(status.mirrorBranch): \(status.mirrorTip?.short() ?? "none")"
            if let behind = status.behindBy { mirror += behind == 0 ? " (up to date)" : " (\(behind) commit(s) behind)" }
            console.result(mirror)
            console.result("newest mirror tag: \(status.newestTag ?? "none")")
            console.result("newest green tag:  \(status.newestGreenTag ?? "none") (pin consumers here)")
            for q in status.quarantines { console.result("quarantined: \(q) (see accept-rewrite)") }
            if let record = status.lastSync, let age = status.lastSyncAgeSeconds {
                console.result("last sync: \(record.time) (\(Self.describe(age)) ago, \(record.result))")
            } else {
                console.result("last sync: never")
            }
            let exitStatus: ExitStatus = status.stale ? .stale : .success
            StatusSummary(status: status, upstreamBranch: configuration.upstream.branch, exitStatus: exitStatus).write(to: console)
            if status.stale { console.error("the mirror is stale: last sync older than --max-age \(maxAge ?? "")") }
            return exitStatus
        }
    }

    static func describe(_ seconds: Double) -> String {
        if seconds < 120 { return "\(Int(seconds)) s" }
        if seconds < 7200 { return "\(Int(seconds / 60)) min" }
        if seconds < 172_800 { return "\(Int(seconds / 3600)) h" }
        return "\(Int(seconds / 86400)) d"
    }
}
