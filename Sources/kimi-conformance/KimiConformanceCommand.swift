import ArgumentParser
import Foundation
import KimiConformance
import KimiRuntime

/// `kimi-conformance`: runs KimiRuntime's conformance suite against a Kimi CLI, offline.
@main
struct KimiConformanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kimi-conformance",
        abstract: "Check that KimiRuntime works with a Kimi CLI build, offline.",
        discussion: """
            Starts a fake OpenAI-compatible model server on 127.0.0.1, points the CLI at it (the legacy \
            kimi-cli 1.x through $KIMI_SHARE_DIR/config.toml or --config, the maintained Kimi Code CLI 0.x \
            through $KIMI_CODE_HOME/config.toml, all in a temporary directory), runs every conformance check \
            against it and prints one line per check and a summary. A capability the protocol declines (steer \
            over ACP) passes only as a decline the backend declares. It verifies whatever version it is given \
            and reports it; it never refuses for the pin.

            Exit status: 0 when every check passes, 1 when a check fails, 2 when the suite cannot run \
            (no such executable, bad arguments).

            Example (a kimi-code mirror's smoke):
              kimi-conformance --kimi "$PWD/node_modules/.bin/kimi" --protocol acp --json
            """
    )

    @Option(name: .customLong("kimi"), help: ArgumentHelp("The Kimi CLI executable to check.", valueName: "path"))
    var kimi: String?

    @Option(name: .customLong("protocol"), help: "The protocol to drive it over: acp (default) or wire (legacy kimi-cli only).")
    var agentProtocol: String = "acp"

    @Option(name: .customLong("cli"), help: "The CLI kind: legacy (kimi-cli 1.x), maintained (Kimi Code CLI 0.x) or auto (default: a CLI answering `info --json` is legacy).")
    var cliKind: String = "auto"

    @Option(name: .customLong("check"), help: ArgumentHelp("Run only these checks (repeatable).", valueName: "name"))
    var checks: [String] = []

    @Flag(name: .customLong("json"), help: "Print the report as JSON.")
    var json = false

    @Option(name: .customLong("bench"), help: ArgumentHelp("Instead of the checks, time this many turns and report what KimiRuntime adds over the CLI's own time.", valueName: "turns"))
    var benchTurns: Int?

    @Flag(name: .customLong("serve-mcp-echo"), help: .hidden)
    var serveMcpEcho = false

    func run() async throws {
        if serveMcpEcho {
            McpEchoServer.serveStdio()
            return
        }
        let plan = try makePlan()
        if let benchTurns {
            guard benchTurns > 0 else { throw usage("--bench \(benchTurns): give a positive number of turns") }
            let kind = await ConformanceRun(plan: plan).cliKind()
            let result = try await TurnBenchmark(executable: plan.executable, agentProtocol: plan.agentProtocol, cliKind: kind, turns: benchTurns).run()
            print("kimi-conformance bench (\(plan.agentProtocol.rawValue), \(benchTurns) turns): \(result.line)")
            if result.overheadMedian >= TurnBenchmark.targetMilliseconds { throw ExitCode(1) }
            return
        }
        let report = await ConformanceRun(plan: plan).run()
        print(json ? report.json() : report.text())
        if !report.allPassed { throw ExitCode(1) }
    }

    private func makePlan() throws -> ConformanceRun.Plan {
        guard let kimi, !kimi.isEmpty else { throw usage("--kimi PATH is required (the Kimi CLI executable to check)") }
        let executable = URL(fileURLWithPath: kimi).standardizedFileURL
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw usage("--kimi \(kimi): no executable file there; build the CLI first or give its path")
        }
        guard let chosen = KimiAgentProtocol(rawValue: agentProtocol) else {
            throw usage("--protocol \(agentProtocol): expected acp or wire")
        }
        guard ["auto", "legacy", "maintained"].contains(cliKind) else {
            throw usage("--cli \(cliKind): expected legacy, maintained or auto")
        }
        var selected: [ConformanceCheck] = []
        for name in checks {
            guard let check = ConformanceCheck(rawValue: name) else {
                throw usage("--check \(name): no such check; the checks are \(ConformanceCheck.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            selected.append(check)
        }
        guard let me = Bundle.main.executablePath else { throw usage("cannot tell where kimi-conformance itself is (for its MCP echo server)") }
        return ConformanceRun.Plan(
            executable: executable, agentProtocol: chosen,
            cliKind: cliKind == "auto" ? nil : FakeModelHarness.CLIKind(rawValue: cliKind),
            checks: selected.isEmpty ? ConformanceCheck.allCases : selected, selfPath: me
        )
    }

    private func usage(_ message: String) -> any Error {
        FileHandle.standardError.write(Data("kimi-conformance: error: \(message)\n".utf8))
        return ExitCode(2)
    }
}
