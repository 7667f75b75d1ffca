import Foundation
import ReleaseMirror

/// The GitHub Actions side of `release-mirror status`: job outputs (`$GITHUB_OUTPUT`) and a
/// Markdown step summary (`$GITHUB_STEP_SUMMARY`), each written when its variable is set.
struct StatusSummary {
    let status: MirrorStatus
    let upstreamBranch: String
    let exitStatus: ExitStatus

    func write(to console: Console) {
        console.outputs(outputs)
        console.stepSummary(markdown)
    }

    /// `quarantines` holds one ref a line (the delimiter syntax when there are several).
    var outputs: [(String, String)] {
        [
            ("upstream-reachable", String(status.upstreamReachable)),
            ("upstream-sha", status.upstreamTip?.hex ?? ""),
            ("mirror-sha", status.mirrorTip?.hex ?? ""),
            ("behind-by", status.behindBy.map(String.init) ?? ""),
            ("newest-tag", status.newestTag ?? ""),
            ("newest-green-tag", status.newestGreenTag ?? ""),
            ("quarantines", status.quarantines.joined(separator: "\n")),
            ("last-sync", status.lastSync?.time ?? ""),
            ("last-sync-result", status.lastSync?.result.rawValue ?? ""),
            ("last-sync-age-seconds", status.lastSyncAgeSeconds.map { String(Int($0)) } ?? ""),
            ("stale", String(status.stale)),
            ("exit-status", String(exitStatus.rawValue)),
        ]
    }

    var markdown: String {
        func code(_ text: String?) -> String { text.map { "`\($0)`" } ?? "—" }
        let upstream = status.upstreamReachable ? code(status.upstreamTip?.short()) : "unreachable"
        var behind = ""
        if let count = status.behindBy { behind = count == 0 ? " (up to date)" : " (\(count) commit(s) behind)" }
        var lines = [
            "### release-mirror status", "", "| | |", "|---|---|",
            "| upstream `\(upstreamBranch)` | \(upstream) |",
            "| mirror `\(status.mirrorBranch)` | \(code(status.mirrorTip?.short()))\(behind) |",
            "| newest mirror tag | \(code(status.newestTag)) |",
            "| newest green tag (pin consumers here) | \(code(status.newestGreenTag)) |",
        ]
        for quarantine in status.quarantines { lines.append("| quarantined (see `accept-rewrite`) | `\(quarantine)` |") }
        if let record = status.lastSync {
            let age = status.lastSyncAgeSeconds.map { " (\(StatusCommand.describe($0)) ago)" } ?? ""
            lines.append("| last sync | \(record.time)\(age), \(record.result) |")
        } else {
            lines.append("| last sync | never |")
        }
        if status.stale { lines += ["", "**Stale:** the last sync is older than `--max-age` (exit 7)."] }
        return lines.joined(separator: "\n")
    }
}
