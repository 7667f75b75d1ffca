import ArgumentParser
import Foundation
import ReleaseMirror

struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Set up a mirror: a commented release-mirror.toml, the repository, RELEASES.md and workflows.",
        discussion: """
            Creates DIR (default: the current directory) as a git repository if it is not one, and writes \
            release-mirror.toml, RELEASES.md (with the managed version-mapping table) and the GitHub Actions \
            workflows under .github/workflows/. Refuses to overwrite any of them without --force.

            Example: release-mirror init --upstream https://github.com/MoonshotAI/kimi-code.git \\
                       --tag-pattern '@moonshot-ai/kimi-code@{version}' --remote origin mirror/
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The upstream repository URL or path.", valueName: "url"))
    var upstream: String?

    @Option(help: ArgumentHelp("The release tag pattern; {version} stands for the SemVer version.", valueName: "pattern"))
    var tagPattern: String?

    @Option(help: ArgumentHelp("mirror.remote: remote name, URL or path to push to (\"\" = no push).", valueName: "remote"))
    var remote: String?

    @Flag(help: "Overwrite existing files.")
    var force = false

    @Argument(help: ArgumentHelp("The mirror directory.", valueName: "dir"))
    var directory: String = "."

    func run() async throws {
        try await CommandSupport.run(global) { (console) throws(MirrorError) -> ExitStatus in
            let written = try MirrorInitializer(
                directory: directory, upstream: upstream, tagPattern: tagPattern, remote: remote, force: force
            ).run()
            console.emitJSON(["written": written])
            for path in written { console.result("wrote \(path)") }
            console.info("next: review release-mirror.toml, then run `release-mirror sync --dry-run` in \(directory)")
            return .success
        }
    }
}
