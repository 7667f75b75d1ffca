import ArgumentParser
import Foundation
import ReleaseMirror

/// Shared plumbing of the subcommands: load the configuration, run the body, print errors once,
/// and turn the outcome into the exit status of SPEC §6 (decided in `ExitStatus`).
enum CommandSupport {
    /// Loads the configuration named by `--config` (exit 2 with one line per problem).
    static func loadConfiguration(_ options: GlobalOptions) throws(MirrorError) -> Configuration {
        try ConfigurationLoader.load(path: options.configPath)
    }

    /// Runs `body`, printing any `MirrorError` and exiting with its status.
    static func run(_ options: GlobalOptions, _ body: (Console) async throws(MirrorError) -> ExitStatus) async throws {
        let console = Console(options: options)
        let status: ExitStatus
        do {
            status = try await body(console)
        } catch {
            let document = JSONOutput.ErrorDocument(error)
            for problem in document.problems { console.error(problem.message, file: problem.file, line: problem.line) }
            console.emitJSON(document)
            throw ExitCode(error.exitStatus.rawValue)
        }
        if status != .success { throw ExitCode(status.rawValue) }
    }

    /// Runs `body` against the mirror of the configuration named by `--config`: the configuration
    /// loaded, the console redacting its token variable, the mirror repository opened.
    static func runInMirror(
        _ options: GlobalOptions, _ body: (MirrorWorkspace, Console) async throws(MirrorError) -> ExitStatus
    ) async throws {
        try await run(options) { (console) throws(MirrorError) -> ExitStatus in
            let configuration = try loadConfiguration(options)
            let console = console.with(configuration: configuration)
            let workspace = try MirrorWorkspace(
                configuration: configuration, environment: RunEnvironment(events: console.events), create: false)
            return try await body(workspace, console)
        }
    }
}
