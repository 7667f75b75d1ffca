import Foundation
import ReleaseMirror

/// `release-mirror ledger notes TAG [--github]`: prints the interface note of a mirror tag and,
/// with --github, writes it as the body of the tag's GitHub Release.
struct LedgerNotes {
    let tag: String
    let github: Bool

    /// What --json prints.
    struct Result: Encodable {
        let tag: String
        let base: String?
        let verdict: String?
        let interface: String
        let added: [String]
        let removed: [String]
        let notes: String
        let warnings: [String]
        var github: GitHubReleaseSink.Outcome?
    }

    func run(workspace: MirrorWorkspace, console: Console) async throws(MirrorError) -> ExitStatus {
        let (comparison, text) = try SurfaceComparer(workspace: workspace).notes(tag: tag)
        for warning in comparison.warnings where comparison.base != nil || !warning.hasPrefix("no mirror tag before") {
            console.warning(warning)
        }
        var result = Result(
            tag: tag, base: comparison.base, verdict: comparison.verdict?.rawValue, interface: comparison.cell.description,
            added: comparison.delta?.added ?? [], removed: comparison.delta?.removed ?? [], notes: text,
            warnings: comparison.warnings)
        if !github {
            console.emitJSON(result)
            console.result(text.hasSuffix("\n") ? String(text.dropLast()) : text)
            return .success
        }
        guard
            let sink = try GitHubReleaseSink.make(
                configuration: workspace.configuration, variables: workspace.environment.variables, redactor: workspace.redactor)
        else {
            throw .configuration(
                file: workspace.configuration.file, line: 0, key: "report.github-repository",
                message: "is empty; set it to the GitHub repository (owner/name) whose Releases carry the mirror tags")
        }
        let outcome: GitHubReleaseSink.Outcome
        do {
            outcome = try await sink.publish(tag: tag, body: text)
        } catch {
            throw .runtime("\(error.description); the note is unchanged on GitHub (print it with `release-mirror ledger notes \(tag)`)")
        }
        result.github = outcome
        console.emitJSON(result)
        switch outcome {
        case .created(let url): console.result("created the GitHub Release of \(tag) in \(sink.repository): \(url)")
        case .updated(let url): console.result("updated the GitHub Release of \(tag) in \(sink.repository): \(url)")
        case .unchanged(let url): console.result("the GitHub Release of \(tag) already carries this note: \(url)")
        case .keptPersonEdited(let url):
            console.warning(
                "the GitHub Release of \(tag) in \(sink.repository) has a body a person wrote or edited; kept it as it is "
                    + "(\(url)); paste the note by hand if it should change")
        }
        console.outputs([("interface", comparison.cell.description), ("verdict", comparison.verdict?.rawValue ?? "")])
        return .success
    }
}
