import Foundation
import ReleaseMirror

/// Renders a `SyncResult` for people (text, GitHub step summary) and machines (JSON, outputs).
struct SyncSummary {
    let result: SyncResult
    let configuration: Configuration

    func print(to console: Console) {
        console.emitJSON(result)
        if let error = result.error {
            for line in error.split(separator: "\n") { console.error(String(line)) }
        }
        let upstream = result.upstreamTip?.short() ?? "?"
        if result.upToDate {
            console.result("up to date: \(configuration.upstream.branch) at \(upstream); nothing to do (\(ms(result.durationSeconds)))")
        } else {
            let title = result.dryRun ? "plan (dry run: nothing written)" : "sync"
            console.result("\(title): upstream \(configuration.upstream.branch) at \(upstream), received \(result.receivedObjects) object(s)")
            let actions = result.dryRun ? result.plan.actions : result.applied
            let compact = actions.count > 12 && !console.verbose
            for action in compact ? Array(actions.prefix(4)) + Array(actions.suffix(4)) : actions {
                if compact && action == actions[actions.count - 4] {
                    console.result("  … \(actions.count - 8) more (--verbose lists every ref)")
                }
                console.result("  \(Self.verb(action.kind).padding(toLength: 22, withPad: " ", startingAt: 0)) \(action.ref) \(Self.span(action))")
            }
            if compact {
                let counts = Dictionary(grouping: actions, by: \.kind).map { "\($0.value.count) \(Self.verb($0.key))" }.sorted()
                console.result("  (\(counts.joined(separator: ", ")))")
            }
            for finding in result.plan.findings {
                console.result("  \(finding.kind.rawValue.padding(toLength: 22, withPad: " ", startingAt: 0)) \(finding.ref)")
            }
            let passed = result.smoke.filter { $0.status == .passed }
            for outcome in result.smoke where outcome.status != .passed || passed.count <= 5 || console.verbose {
                console.result("  smoke \(outcome.status.rawValue.padding(toLength: 16, withPad: " ", startingAt: 0)) \(outcome.ref) (\(String(format: "%.1f", outcome.durationSeconds)) s)")
            }
            if passed.count > 5 && !console.verbose {
                console.result("  smoke passed           \(passed.count) release(s)")
            }
            if !result.adoptedFromRemote.isEmpty {
                console.result("  adopted \(result.adoptedFromRemote.count) ref(s) from the published mirror")
            }
            if !result.pushed.isEmpty { console.result("  pushed \(result.pushed.count) ref(s) to \(configuration.mirror.remote)") }
            for report in result.reports { console.result("  report: \(report)") }
            let held = result.held ? ", HELD (exit 3)" : ""
            console.result("done in \(ms(result.durationSeconds)): \(result.plan.newReleases.count) new release(s)\(held)")
        }
        if console.verbose && !result.phases.isEmpty {
            console.result("  timings: " + result.phases.map { "\($0.name) \(ms($0.seconds))" }.joined(separator: " · "))
        }
        console.outputs([
            ("up-to-date", String(result.upToDate)),
            ("upstream-sha", result.upstreamTip?.hex ?? ""),
            ("mirror-sha", result.mirrorTip?.hex ?? ""),
            ("new-tags", result.plan.newReleases.map(\.tag).joined(separator: " ")),
            ("held", String(result.held)),
            ("smoke-failed", String(result.smoke.contains { $0.status != .passed })),
            ("exit-status", String(result.exitStatus.rawValue)),
        ])
        console.stepSummary(markdown)
    }

    var markdown: String {
        var lines = ["### release-mirror sync", ""]
        if result.upToDate {
            lines.append("Up to date: `\(configuration.upstream.branch)` at `\(result.upstreamTip?.short() ?? "?")`.")
            return lines.joined(separator: "\n")
        }
        lines.append("| change | ref | object |")
        lines.append("|---|---|---|")
        for action in result.applied { lines.append("| \(action.kind.rawValue) | `\(action.ref)` | `\(action.new.short())` |") }
        for finding in result.plan.findings { lines.append("| **\(finding.kind.rawValue)** | `\(finding.ref)` | \(finding.message) |") }
        for outcome in result.smoke { lines.append("| smoke \(outcome.status.rawValue) | `\(outcome.ref)` | `\(outcome.commit.short())` |") }
        if let error = result.error { lines.append(""); lines.append("**Error:** \(error)") }
        return lines.joined(separator: "\n")
    }

    static func verb(_ kind: RefAction.Kind) -> String {
        switch kind {
        case .createBranch: return "create branch"
        case .fastForward: return "fast-forward"
        case .quarantine: return "quarantine"
        case .createTag: return "create tag"
        case .createReleaseBranch: return "create release branch"
        }
    }

    static func span(_ action: RefAction) -> String {
        action.old.map { "\($0.short())..\(action.new.short())" } ?? action.new.short()
    }

    private func ms(_ seconds: Double) -> String {
        seconds < 1 ? String(format: "%.0f ms", seconds * 1000) : String(format: "%.1f s", seconds)
    }
}
