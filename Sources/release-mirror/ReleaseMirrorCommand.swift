import ArgumentParser
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
            4 a smoke run failed · 5 a publish or audit check failed · 6 another run holds the lock · \
            7 status --max-age: the mirror is stale.
            """,
        version: RunEnvironment.toolVersion,
        subcommands: [InitCommand.self, SyncCommand.self, StatusCommand.self, AcceptRewriteCommand.self]
    )
}
