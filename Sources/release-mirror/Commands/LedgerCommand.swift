import ArgumentParser
import Foundation
import ReleaseMirror

struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Maintain the version-mapping table of the ledger (`ledger update`) and write release notes (`ledger notes TAG`).",
        discussion: """
            `ledger update` rewrites only the lines between <!-- release-mirror:mapping:begin --> and \
            <!-- release-mirror:mapping:end --> from git truth: one row per mirror tag, newest release first, \
            with the peeled commit, the SDK version (publish.manifest's "version" at the tag), the publish \
            tags made from it and the smoke result. Every byte outside the markers is kept; running it twice \
            changes nothing. A missing ledger is created; a ledger without markers gets the section appended. \
            With --check it writes nothing and exits 5 when the table is stale. When publish.entry is set, an \
            Interface column says what each release did to the SDK's exported names against the release \
            before it: — (first release, or the entry is missing), unchanged, additive (+N), breaking (−N) \
            or breaking (−N, +M); see `release-mirror surface`.

            `ledger notes TAG` prints the interface note of a mirror tag: a `## TAG  (← PREVIOUS)` heading, \
            the bold verdict line, NEW and REMOVED bullets and the consumer impact, to paste into the ledger. \
            With --github it also creates the GitHub Release of TAG in report.github-repository with the note \
            as its body, or updates a body it wrote earlier; a body a person wrote or edited is never \
            overwritten (the body ends with a marker carrying a digest of the text).
            """)

    /// What to do with the ledger.
    enum Action: String, ExpressibleByArgument, CaseIterable {
        case update, notes
    }

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The action: update, or notes TAG.", valueName: "action"))
    var action: Action

    @Argument(help: ArgumentHelp("For notes: the mirror tag.", valueName: "tag"))
    var tag: String?

    @Flag(help: "For notes: create or update the GitHub Release of the tag with the note (report.github-repository).")
    var github = false

    @Option(help: ArgumentHelp("The ledger file (default: publish.ledger).", valueName: "path"))
    var ledger: String?

    @Flag(help: "Write nothing; exit 5 when the table is not up to date.")
    var check = false

    func run() async throws {
        if action == .notes {
            guard let tag else { throw ValidationError("ledger notes needs a mirror tag: release-mirror ledger notes TAG") }
            guard !check, ledger == nil else { throw ValidationError("ledger notes takes no --check and no --ledger (it writes no ledger)") }
            try await CommandSupport.runInMirror(global) { (workspace, console) throws(MirrorError) -> ExitStatus in
                try await LedgerNotes(tag: tag, github: github).run(workspace: workspace, console: console)
            }
            return
        }
        guard tag == nil, !github else { throw ValidationError("ledger update takes no tag and no --github") }
        try await CommandSupport.runInMirror(global) { (workspace, console) throws(MirrorError) -> ExitStatus in
            let path = ledger.map { ($0 as NSString).expandingTildeInPath }.map {
                $0.hasPrefix("/") ? $0 : FileManager.default.currentDirectoryPath + "/" + $0
            }
            let outcome = try LedgerUpdater(workspace: workspace).update(path: path, write: !check)
            console.emitJSON(outcome)
            for warning in outcome.warnings { console.warning(warning) }
            if !outcome.changed {
                console.result("\(outcome.path) is up to date (\(outcome.rows) row(s))")
            } else if check {
                console.result("\(outcome.path) is stale: `release-mirror ledger update` would change its table")
                return .checkFailed
            } else if outcome.created {
                console.result("created \(outcome.path) with \(outcome.rows) row(s)")
            } else {
                let how = outcome.appendedSection ? " (appended the managed section)" : ""
                console.result("updated \(outcome.path): \(outcome.rows) row(s)\(how); review and commit it")
            }
            return .success
        }
    }
}
