import ArgumentParser
import Foundation
import ReleaseMirror

/// The `release-mirror` command line: a thin front end over the ReleaseMirror engine.
@main
struct ReleaseMirrorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release-mirror",
        abstract: "Keep an immutable mirror of a fast-moving upstream repository and pin consumers to smoke-verified releases.",
        discussion: """
            A daily `sync` fast-forwards the mirror branch (holding any upstream history rewrite), creates an \
            immutable mirror tag and a release branch for every new release tag, and pushes them to the \
            mirror's remote. Everything is configured in release-mirror.toml (see `release-mirror init`).

            Exit codes: 0 success or up to date · 1 runtime failure (network, git, I/O) · 2 usage or \
            configuration error · 3 held (upstream rewrote history; with --strict also a moved/deleted tag) · \
            4 a smoke run failed · 5 a publish, package or audit check failed · 6 another run holds the lock · \
            7 status --max-age: the mirror is stale.
            """,
        version: ToolBuild.versionLine(ToolBuild.current),
        subcommands: [
            InitCommand.self, SyncCommand.self, SmokeCommand.self, StatusCommand.self, AcceptRewriteCommand.self,
            PublishTagCommand.self, PackageCommand.self, AuditCommand.self, LedgerCommand.self, SurfaceCommand.self,
            PatchCommand.self,
        ]
    )

    /// The global flags, declared here too so the root `--help` lists them; every subcommand
    /// parses its own copy (`hoistGlobalFlags` moves them after the subcommand's name).
    @OptionGroup(title: "Global options (every command; before or after its name)") var global: GlobalOptions

    /// A bare `release-mirror` (no command): the help on stderr, exit 2 (a usage error, SPEC §6);
    /// with `--json` also the error document on stdout.
    func run() async throws {
        FileHandle.standardError.write(Data((Self.helpMessage() + "\n").utf8))
        let usage = JSONOutput.ErrorDocument(usage: "no command given: run `release-mirror <command>` (see --help)")
        if global.json, let document = try? JSONOutput.document(usage) {
            FileHandle.standardOutput.write(Data((document + "\n").utf8))
        }
        throw ExitCode(ExitStatus.usage.rawValue)
    }

    /// Parses and runs, with three adjustments to swift-argument-parser's defaults: global flags
    /// may also come before the subcommand (`release-mirror --config f.toml sync`), usage errors
    /// exit 2 as SPEC §6 says (not 64), and under `--json` a usage error also prints the error
    /// document of docs/JSON.md on stdout.
    static func main() async {
        ProcessSetup.apply()
        let arguments = hoistGlobalFlags(Array(CommandLine.arguments.dropFirst()))
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error).rawValue == 64 {
                let message = fullMessage(for: error)
                FileHandle.standardError.write(Data((message + "\n").utf8))
                let usage = JSONOutput.ErrorDocument(usage: Self.message(for: error))
                if arguments.contains("--json"), let document = try? JSONOutput.document(usage) {
                    FileHandle.standardOutput.write(Data((document + "\n").utf8))
                }
                Foundation.exit(ExitStatus.usage.rawValue)
            }
            exit(withError: error)
        }
    }

    /// Moves `--config PATH`, `--json`, `--quiet`/`-q` and `--verbose`/`-v` found before the
    /// subcommand name to just after it.
    static func hoistGlobalFlags(_ arguments: [String]) -> [String] {
        let names = Set(configuration.subcommands.compactMap { $0.configuration.commandName })
        guard let index = arguments.firstIndex(where: { names.contains($0) }), index > 0 else { return arguments }
        var moved: [String] = []
        var kept: [String] = []
        var i = 0
        while i < index {
            let argument = arguments[i]
            if argument == "--config", i + 1 < index {
                moved += [argument, arguments[i + 1]]
                i += 2
                continue
            }
            if ["--json", "--quiet", "-q", "--verbose", "-v"].contains(argument) || argument.hasPrefix("--config=") {
                moved.append(argument)
            } else {
                kept.append(argument)
            }
            i += 1
        }
        return kept + [arguments[index]] + moved + arguments[(index + 1)...]
    }
}
