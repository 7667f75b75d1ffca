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

            The workflows install release-mirror through its composite action, pinned to an immutable \
            ref: `uses: OWNER/release-mirror@<commit> # vX.Y.Z`, downloading that release's binary. A \
            released binary pins its own release; a development build (`release-mirror --version` says \
            so) needs --tool-ref vX.Y.Z@<40-hex commit of that tag>.

            --upgrade brings an existing mirror's workflow files to this version (and pin): it replaces only \
            the part of each file between `# release-mirror:managed:begin` and `# release-mirror:managed:end`, \
            keeps everything outside, adds a workflow the mirror lacks, and prints a unified diff; with \
            --dry-run it writes nothing. A file without the markers refuses the upgrade (nothing written). \
            release-mirror.toml and RELEASES.md are not touched.

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

    @Option(help: ArgumentHelp(
        "The release of release-mirror the workflows install, as TAG@COMMIT (the tag's 40-hex commit). Default: this binary's own release.",
        valueName: "tag@commit"))
    var toolRef: String?

    @Option(help: ArgumentHelp(
        "owner/name of the release-mirror repository whose action and release the workflows use. Default: this binary's.",
        valueName: "owner/name"))
    var toolRepository: String?

    @Flag(help: "Overwrite existing files.")
    var force = false

    @Flag(help: "Upgrade the workflow files of an existing mirror in DIR (only their managed parts) and print the diff.")
    var upgrade = false

    @Flag(help: "With --upgrade: print the diff, write nothing.")
    var dryRun = false

    @Argument(help: ArgumentHelp("The mirror directory.", valueName: "dir"))
    var directory: String = "."

    func validate() throws {
        if dryRun && !upgrade { throw ValidationError("--dry-run goes with --upgrade (init itself writes nothing it would not refuse to overwrite)") }
        if upgrade && (upstream != nil || tagPattern != nil || remote != nil || force) {
            throw ValidationError("--upgrade changes only the workflows: --upstream, --tag-pattern, --remote and --force do not apply")
        }
    }

    func run() async throws {
        if upgrade { return try await runUpgrade() }
        try await CommandSupport.run(global) { (console) throws(MirrorError) -> ExitStatus in
            let pin = try resolvePin()
            let written = try MirrorInitializer(
                directory: directory, upstream: upstream, tagPattern: tagPattern, remote: remote, force: force, pin: pin
            ).run()
            console.emitJSON(InitResult(written: written, pin: pin))
            for path in written { console.result("wrote \(path)") }
            console.info("the workflows install release-mirror \(pin.tag) from \(pin.repository) at commit \(pin.commit)")
            console.info("next: review release-mirror.toml, then run `release-mirror sync --dry-run` in \(directory)")
            return .success
        }
    }
}

/// `init --json`: the files written and the release of release-mirror the workflows pin (keys and
/// `schema_version` as docs/JSON.md says, by `JSONOutput`).
struct InitResult: Encodable {
    struct Pin: Encodable {
        var repository: String
        var tag: String
        var commit: String
    }

    var written: [String]
    var toolPin: Pin

    init(written: [String], pin: ToolPin) {
        self.written = written
        self.toolPin = Pin(repository: pin.repository, tag: pin.tag, commit: pin.commit)
    }
}

extension InitCommand {
    /// The release of release-mirror the workflows install: --tool-ref, else this binary's own.
    func resolvePin() throws(MirrorError) -> ToolPin {
        try ToolPin.resolve(toolRef: toolRef, repository: toolRepository, build: ToolBuild.current)
    }

    /// `init --upgrade [--dry-run]`: the diff on stdout, a line per file on stderr.
    func runUpgrade() async throws {
        try await CommandSupport.run(global) { (console) throws(MirrorError) -> ExitStatus in
            let pin = try resolvePin()
            let upgrader = MirrorUpgrader(directory: directory, pin: pin)
            let changes = try upgrader.plan()
            if !dryRun { try upgrader.apply(changes) }
            console.emitJSON(UpgradeResult(dryRun: dryRun, pin: pin, changes: changes))
            for change in changes where !change.diff.isEmpty { console.result(change.diff.trimmingTrailingNewline) }
            for change in changes {
                let verb = dryRun && change.status != .unchanged ? "would be \(change.status.rawValue)" : change.status.rawValue
                console.info("\(change.path): \(verb)")
            }
            console.info("the workflows install release-mirror \(pin.tag) from \(pin.repository) at commit \(pin.commit)")
            return .success
        }
    }
}

/// `init --upgrade --json`.
struct UpgradeResult: Encodable {
    struct File: Encodable {
        var path: String
        var status: String
        var diff: String
    }

    var dryRun: Bool
    var toolPin: InitResult.Pin
    var files: [File]

    init(dryRun: Bool, pin: ToolPin, changes: [MirrorUpgrader.Change]) {
        self.dryRun = dryRun
        self.toolPin = InitResult.Pin(repository: pin.repository, tag: pin.tag, commit: pin.commit)
        self.files = changes.map { File(path: $0.path, status: $0.status.rawValue, diff: $0.diff) }
    }
}

extension String {
    fileprivate var trimmingTrailingNewline: String { hasSuffix("\n") ? String(dropLast()) : self }
}
