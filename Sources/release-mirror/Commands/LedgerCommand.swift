import ArgumentParser
import Foundation
import ReleaseMirror

struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Maintain the version-mapping table of the ledger: `release-mirror ledger update`.",
        discussion: """
            `ledger update` rewrites only the lines between <!-- release-mirror:mapping:begin --> and \
            <!-- release-mirror:mapping:end --> from git truth: one row per mirror tag, newest release first, \
            with the peeled commit, the SDK version (publish.manifest's "version" at the tag), the publish \
            tags made from it and the smoke result. Every byte outside the markers is kept; running it twice \
            changes nothing. A missing ledger is created; a ledger without markers gets the section appended. \
            With --check it writes nothing and exits 5 when the table is stale.
            """)

    /// What to do with the ledger.
    enum Action: String, ExpressibleByArgument, CaseIterable {
        case update
    }

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The action: update.", valueName: "action"))
    var action: Action

    @Option(help: ArgumentHelp("The ledger file (default: publish.ledger).", valueName: "path"))
    var ledger: String?

    @Flag(help: "Write nothing; exit 5 when the table is not up to date.")
    var check = false

    func run() async throws {
        try await CommandSupport.runInMirror(global) { (workspace, console) throws(MirrorError) -> ExitStatus in
            let path = ledger.map { ($0 as NSString).expandingTildeInPath }.map {
                $0.hasPrefix("/") ? $0 : FileManager.default.currentDirectoryPath + "/" + $0
            }
            let outcome = try LedgerUpdater(workspace: workspace).update(path: path, write: !check)
            console.emitJSON(outcome)
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
