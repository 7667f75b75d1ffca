import ArgumentParser

/// Flags every command takes (SPEC §5).
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The configuration file.", discussion: "Default: ./release-mirror.toml.", valueName: "path"))
    var config: String?

    @Flag(name: .long, help: "Print the machine-readable result as JSON on stdout; human text goes to stderr.")
    var json = false

    @Flag(name: .shortAndLong, help: "Print only warnings, errors and the result.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Print every ref written and every step's details.")
    var verbose = false

    /// The config path to load.
    var configPath: String { config ?? "release-mirror.toml" }
}
