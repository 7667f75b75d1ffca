import ArgumentParser
import Foundation
import ReleaseMirror

struct PublishTagCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish-tag",
        abstract: "Tag a smoke-verified mirror release for publishing, only when every check passes.",
        discussion: """
            Creates the annotated publish tag (publish.tag, e.g. publish-sdk/v<version>) on the mirror tag's \
            commit only when every check passes, and lists each check with its evidence:
              mirror-tag    the mirror tag exists and matches its ledger row's commit
              manifest      publish.manifest at that commit is a JSON file with a SemVer "version"
              package-name  its "name" is publish.package-name (when set)
              version       <version> agrees with the manifest's (or, with version-from = "release-tag", the
                            release tag's) version, optionally plus publish.allow-suffix (e.g. -botiverse.1)
              smoke         the smoke note on the commit says passed (unless --allow-unverified)
              publish-tag   the publish tag does not exist, or already exists on the same commit (a no-op)
              ledger-row    the ledger has the mirror tag's row with the same SDK version
            When a check fails: exit 5, and nothing is created, written or pushed. On success the tag \
            message records the source tag, commit, manifest version and smoke result; the tag is pushed \
            to mirror.remote (unless --no-push) and the row's Publish tag cell is filled in (commit the \
            ledger). The tagger is $GIT_COMMITTER_NAME <$GIT_COMMITTER_EMAIL> when set.

            --from patch/NAME publishes a registered patch branch's tip, with two more checks:
              patch-row     the patch registry has an active row for the branch
              patch-base    the mirror's branch contains its base tag's commit
            The mirror tag is the row's base tag; the manifest and smoke note are the tip's; the version must             be the base version plus publish.allow-suffix. The ledger gets the patch's own row             (`<base tag>` (patch/NAME), the tip's commit and smoke state).

            Example: release-mirror publish-tag 0.9.3 --from @moonshot-ai/kimi-code@0.14.2
            Example: release-mirror publish-tag 0.9.3-botiverse.1 --from patch/role-additional
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The version to publish (SemVer), e.g. 0.9.3.", valueName: "version"))
    var version: String

    @Option(help: ArgumentHelp("The mirror tag to publish from (its name, refs/tags/<name>, or its version), or a patch branch (patch/NAME).",
            valueName: "mirror-tag"))
    var from: String

    @Flag(help: "Run and print every check; create, write and push nothing.")
    var dryRun = false

    @Flag(help: "Create the tag locally; do not push it to mirror.remote.")
    var noPush = false

    @Flag(help: "Publish without a passing smoke note (recorded in the tag message).")
    var allowUnverified = false

    @Option(help: ArgumentHelp("Seconds to wait for another run's lock.", valueName: "seconds"))
    var lockTimeout: Double = 0

    func run() async throws {
        try await CommandSupport.runInMirror(global) { (workspace, console) throws(MirrorError) -> ExitStatus in
            let configuration = workspace.configuration
            let request = PublishRequest(
                version: version, from: from, dryRun: dryRun, push: !noPush, allowUnverified: allowUnverified,
                lockTimeout: lockTimeout)
            let result = try PublishTagger(workspace: workspace).run(request) { checked in
                // The checks first, before anything is created or pushed.
                console.result("publish-tag \(checked.version) from \(checked.sourceTag) → \(checked.publishTag)")
                for check in checked.checks {
                    let label: String
                    switch check.status {
                    case .pass: label = "pass"
                    case .fail: label = "FAIL"
                    case .waived: label = "WAIVED"
                    case .skipped: label = "skip"
                    }
                    console.result(
                        "  \(label.padding(toLength: 6, withPad: " ", startingAt: 0)) "
                            + "\(check.id.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0)) \(check.evidence)")
                }
            }
            console.emitJSON(result)
            let ledger = (configuration.publish.ledger as NSString).lastPathComponent
            switch result.outcome {
            case .refused:
                let failed = result.failed.map(\.id.rawValue).joined(separator: ", ")
                console.error("refused: \(result.failed.count) check(s) failed (\(failed)); nothing was created, written or pushed")
                if console.gitHubActions {
                    for check in result.failed {
                        let file = check.id == .ledgerRow ? configuration.publish.ledger
                            : [.manifest, .packageName, .version].contains(check.id) ? configuration.publish.manifest : nil
                        console.error("\(check.id.rawValue): \(check.evidence)", file: file, line: nil)
                    }
                }
            case .wouldCreate:
                console.result("dry run: every check passed; \(result.publishTag) would be created on \(result.commit?.short() ?? "?")")
            case .created:
                var line = "created \(result.publishTag) on \(result.commit?.short() ?? "?")"
                if result.pushed { line += ", pushed to \(configuration.mirror.remote)" }
                if let row = result.ledgerLine { line += "; \(ledger):\(row) updated (commit it)" }
                console.result(line)
            case .alreadyPublished:
                var line = "\(result.publishTag) already exists on \(result.commit?.short() ?? "?"): nothing to create"
                if result.pushed { line += "; pushed it to \(configuration.mirror.remote)" }
                if let row = result.ledgerLine { line += "; \(ledger):\(row) updated (commit it)" }
                console.result(dryRun ? "dry run: " + line : line)
            }
            console.outputs([
                ("publish-tag", result.publishTag),
                ("commit", result.commit?.hex ?? ""),
                ("outcome", result.outcome.rawValue),
                ("exit-status", String(result.exitStatus.rawValue)),
            ])
            var summary = ["### release-mirror publish-tag \(result.version) from `\(result.sourceTag)`", "", "| check | result | evidence |", "|---|---|---|"]
            for check in result.checks {
                summary.append("| \(check.id.rawValue) | \(check.status.rawValue) | \(check.evidence.replacingOccurrences(of: "|", with: "\\|")) |")
            }
            summary.append("")
            summary.append("**\(result.outcome.rawValue)**: `\(result.publishTag)`")
            console.stepSummary(summary.joined(separator: "\n"))
            return result.exitStatus
        }
    }
}
