import ArgumentParser
import Foundation
import ReleaseMirror

struct SurfaceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "surface",
        abstract: "Show what a release added to or removed from the SDK's exported names (publish.entry).",
        discussion: """
            Reads publish.entry (default packages/node-sdk/src/index.ts) from the mirror's blobs at REF and \
            at BASE (no checkout), follows `export * from` within the package (relative paths and the \
            package.json "imports" map), and prints the names added (+) and removed (−) with the verdict: \
            unchanged, additive or breaking. `export * from '<other package>'` counts as one opaque name. \
            BASE defaults to the mirror tag before REF by version (or, when REF is not a mirror tag, the \
            newest mirror tag). Files that cannot be followed are warnings. Exit 0 whatever the verdict; \
            --json emits the comparison; in GitHub Actions the verdict and counts are step outputs.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The release: a mirror tag, a ref or a commit.", valueName: "ref"))
    var ref: String

    @Argument(help: ArgumentHelp("What to compare against (default: the previous mirror tag by version).", valueName: "base"))
    var base: String?

    @Flag(help: "Also list every exported name at REF.")
    var names = false

    func run() async throws {
        try await CommandSupport.runInMirror(global) { (workspace, console) throws(MirrorError) -> ExitStatus in
            let comparison = try SurfaceComparer(workspace: workspace).compare(ref: ref, base: base)
            console.emitJSON(comparison)
            for warning in comparison.warnings { console.warning(warning) }
            let at = "\(comparison.ref) (\(comparison.commit.short()))"
            let against = comparison.base.map { " against \($0) (\(comparison.baseCommit?.short() ?? "?"))" } ?? ""
            console.result("\(comparison.entry) at \(at)\(against): \(comparison.cell)")
            if let delta = comparison.delta {
                for name in delta.added { console.result("  + \(name)") }
                for name in delta.removed { console.result("  \u{2212} \(name)") }
            }
            let surface = comparison.surface
            console.result(
                "\(surface.names.count) name(s)" + (surface.opaque.isEmpty ? "" : " + \(surface.opaque.joined(separator: ", "))")
                    + " in \(surface.files.count) file(s) at \(comparison.ref); verdict: \(comparison.verdict?.rawValue ?? LedgerRow.emptyCell)")
            if names {
                for name in surface.symbols { console.result("    \(name)") }
            }
            console.outputs([
                ("verdict", comparison.verdict?.rawValue ?? ""), ("added", String(comparison.delta?.added.count ?? 0)),
                ("removed", String(comparison.delta?.removed.count ?? 0)), ("interface", comparison.cell.description),
            ])
            return .success
        }
    }
}
