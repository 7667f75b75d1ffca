import ArgumentParser
import Foundation
import ReleaseMirror

struct PatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "patch",
        abstract: "Manage patch branches: local fixes stacked on a mirror release (start, list, set-base, retire).",
        discussion: """
            A patch branch (patches.branch, default patch/{name}) holds a local change the mirror cannot wait \
            for upstream to ship. It is stacked on a mirror release tag, registered in the table between \
            <!-- release-mirror:patches:begin --> and <!-- release-mirror:patches:end --> of patches.registry \
            (default README.md; the section is appended when missing), and retired once upstream absorbed the \
            change (`audit` says patch-absorbed). `sync` takes the patch branches from mirror.remote as they are \
            and smokes each new tip.

            patch start NAME --on TAG [--reason TEXT] [--upstream-pr URL]: creates the branch at TAG's commit \
            (create-only) in the mirror and on mirror.remote, and adds the registry row. People then commit to \
            it (and may rebase and force-push it) on the remote.

            patch list: name, base tag, commits ahead of the base, tip, the tip's smoke state, publish tags on \
            its commits, status (active; retired; missing: a row without a branch; unregistered: a branch \
            without a row). Takes the remote's patch branches as they are first.

            patch set-base NAME --on TAG: after people rebased the branch onto a newer release, records TAG as \
            its base; refused unless the branch contains TAG's commit.

            patch retire NAME: archives the tip under refs/release-mirror/archive/patch/NAME/<UTC-stamp>-<sha>, \
            pushes the archive, then deletes the branch from mirror.remote (only if it still holds the archived \
            tip) and from the mirror, and marks the row retired. The only ref deletion the tool makes.

            A refused command exits 5 and writes nothing; a bad name or option exits 2. Every command can be \
            re-run after an interruption: it completes what is missing. Commit the registry file afterwards.
            """)

    /// What to do.
    enum Action: String, ExpressibleByArgument, CaseIterable {
        case start, list
        case setBase = "set-base"
        case retire
    }

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The action: start, list, set-base or retire.", valueName: "action"))
    var action: Action

    @Argument(help: ArgumentHelp("The patch name (not for list), e.g. role-additional.", valueName: "name"))
    var name: String?

    @Option(help: ArgumentHelp("For start and set-base: the mirror release tag (its name, refs/tags/<name> or its version).", valueName: "tag"))
    var on: String?

    @Option(help: ArgumentHelp("For start: why the patch exists (the registry's Reason cell).", valueName: "text"))
    var reason: String?

    @Option(help: ArgumentHelp("For start: the upstream pull request carrying the same change.", valueName: "url"))
    var upstreamPr: String?

    @Option(help: ArgumentHelp("Seconds to wait for another run's lock.", valueName: "seconds"))
    var lockTimeout: Double = 0

    func validate() throws {
        switch action {
        case .list:
            guard name == nil, on == nil, reason == nil, upstreamPr == nil else {
                throw ValidationError("patch list takes no name, --on, --reason or --upstream-pr")
            }
        case .start, .setBase:
            guard name != nil, on != nil else { throw ValidationError("patch \(action.rawValue) needs a name and --on TAG") }
            if action == .setBase, reason != nil || upstreamPr != nil {
                throw ValidationError("patch set-base takes no --reason or --upstream-pr")
            }
        case .retire:
            guard name != nil, on == nil, reason == nil, upstreamPr == nil else {
                throw ValidationError("patch retire takes a name and nothing else")
            }
        }
    }

    func run() async throws {
        try await CommandSupport.runInMirror(global) { (workspace, console) throws(MirrorError) -> ExitStatus in
            let manager = PatchManager(workspace: workspace, lockTimeout: lockTimeout)
            let name = self.name ?? ""
            switch action {
            case .list:
                let (patches, _) = try manager.list()
                console.emitJSON(PatchListing.Document(patches: patches))
                PatchListing.print(patches, console: console)
                return .success
            case .start:
                let outcome = try manager.start(name: name, on: on ?? "", reason: reason, upstreamPR: upstreamPr)
                console.emitJSON(outcome)
                let pushed = outcome.pushed ? " and on \(workspace.configuration.mirror.remote)" : ""
                console.result(
                    "started \(outcome.branch) at \(outcome.baseTag) (\(String(outcome.tip?.prefix(12) ?? ""))) in the mirror\(pushed); "
                        + "registered in \(outcome.registry) (commit it)")
            case .setBase:
                let outcome = try manager.setBase(name: name, on: on ?? "")
                console.emitJSON(outcome)
                console.result(
                    outcome.changed
                        ? "\(outcome.branch) is now based on \(outcome.baseTag); updated \(outcome.registry) (commit it)"
                        : "\(outcome.branch) is already based on \(outcome.baseTag)")
            case .retire:
                let outcome = try manager.retire(name: name)
                console.emitJSON(outcome)
                guard outcome.changed else {
                    console.result("\(outcome.branch) is already retired (archive: \(outcome.archive ?? "none"))")
                    return .success
                }
                let remote = outcome.pushed ? "pushed the archive and deleted the branch on \(workspace.configuration.mirror.remote); " : ""
                console.result(
                    "retired \(outcome.branch): tip \(String(outcome.tip?.prefix(12) ?? "")) archived as \(outcome.archive ?? "?"); "
                        + "\(remote)marked retired in \(outcome.registry) (commit it)")
            }
            return .success
        }
    }
}
