import ArgumentParser
import Foundation
import ReleaseMirror

struct AcceptRewriteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accept-rewrite",
        abstract: "Move the mirror branch past a held upstream history rewrite.",
        discussion: """
            After `sync` exits 3 (upstream rewrote history), inspect the quarantined tip under \
            refs/release-mirror/quarantine/, then accept it: the old mirror tip is archived under \
            refs/release-mirror/archive/<UTC-stamp>-<sha>, and the branch moves to <sha> by \
            compare-and-swap. On the remote the move is leased: it only happens if the remote still holds \
            the archived tip. Tags are never touched.

            It is guarded: it acts only while a rewrite is held (a quarantine the branch has not \
            moved onto), and only to the newest quarantined tip or to upstream's current tip (listed \
            afresh). Any other commit (a rewind, the notes commit, another branch) is refused with \
            exit 5, naming what it would accept; nothing is moved or pushed. <sha> equal to the \
            branch's tip is a no-op. Exit codes: 0, 1, 2, 5, 6.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The commit to accept (usually the quarantined upstream tip).", valueName: "sha"))
    var revision: String

    @Flag(help: "Do not push the change to mirror.remote.")
    var noPush = false

    @Option(help: ArgumentHelp("Seconds to wait for another run's lock.", valueName: "seconds"))
    var lockTimeout: Double = 0

    func run() async throws {
        try await CommandSupport.runInMirror(global) { (workspace, console) throws(MirrorError) -> ExitStatus in
            let outcome = try RewriteAcceptor(workspace: workspace).accept(revision, push: !noPush, lockTimeout: lockTimeout)
            console.emitJSON(outcome)
            if outcome.oldTip == outcome.newTip {
                console.result("\(outcome.branch) is already at \(outcome.newTip.short()); nothing to do")
            } else {
                if let archive = outcome.archive { console.result("archived \(outcome.oldTip?.short() ?? "") as \(archive)") }
                console.result("moved \(outcome.branch) to \(outcome.newTip.short())")
                if !outcome.pushed.isEmpty { console.result("pushed \(outcome.pushed.joined(separator: ", "))") }
                // The rewrite is accepted: close the history-rewritten report.
                let clearance = ReportBuilder(workspace: workspace).rewriteAccepted(
                    oldTip: outcome.oldTip, newTip: outcome.newTip, archive: outcome.archive)
                let lines = await ReportPublisher(printer: console.reportPrinter).publish([], clearing: [clearance], in: workspace)
                for line in lines { console.result("report: \(line)") }
            }
            return .success
        }
    }
}
