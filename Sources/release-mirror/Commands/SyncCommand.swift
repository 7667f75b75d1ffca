import ArgumentParser
import Foundation
import ReleaseMirror

struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Mirror upstream: fast-forward the branch, create mirror tags and release branches, push.",
        discussion: """
            The daily job. Under an exclusive lock on the mirror repository:
              1. adopt what the published mirror (mirror.remote) has that this copy lacks;
              2. list upstream's refs, and stop with "up to date" when nothing changed (no pack transfer);
              3. fetch the branch and matching release tags into refs/release-mirror/upstream/*;
              4. plan every ref change (--dry-run prints it and stops: no ref is written anywhere);
              5. fast-forward upstream-main, or hold a history rewrite: the new tip is kept under
                 refs/release-mirror/quarantine/… and the run exits 3 (see `accept-rewrite`);
              6. create a mirror tag (upstream's own object id) and a release branch for each new release;
                 a tag upstream moved or deleted is kept as mirrored and reported (exit 3 with --strict);
              7. smoke-build each new release when smoke.on asks for it (exit 4 when one fails);
              8. push with no forced refspec, reading every ref's status (a rejected ref is exit 1);
              9. print the summary (--json for the machine-readable result).
            Re-running after any failure completes the work; running twice in a row does nothing the second time.
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print the plan and stop; no ref is written anywhere.")
    var dryRun = false

    @Flag(help: "Do everything locally; push nothing to mirror.remote.")
    var noPush = false

    @Flag(help: "Skip smoke runs for this sync.")
    var noSmoke = false

    @Flag(help: ArgumentHelp(
        "Only publish: push to mirror.remote what this copy has, without contacting upstream or running the hook.",
        discussion: "The second job of a split workflow: a job without the push token runs `sync --no-push` (mirror and smoke), a job with it runs `sync --push-only`."))
    var pushOnly = false

    @Flag(help: "Treat a moved or deleted upstream tag as a hold (exit 3) instead of a warning.")
    var strict = false

    @Option(help: ArgumentHelp("Seconds to wait for another run's lock (0 = fail at once with exit 6).", valueName: "seconds"))
    var lockTimeout: Double = 0

    @Option(
        help: ArgumentHelp(
            "Cut a connection that moves less than 1 KiB in this many seconds of waiting (a stalled, trickling or "
                + "unreachable server); the run then fails (exit 1) and writes nothing. 0 = no limit.",
            valueName: "seconds"))
    var networkTimeout: Double = NetworkDefaults.defaultTimeout

    func validate() throws {
        guard networkTimeout.isFinite, (0...86_400).contains(networkTimeout) else {
            throw ValidationError("--network-timeout \(networkTimeout): use 0 (no limit) to 86400 seconds")
        }
        if pushOnly && (dryRun || noPush) {
            throw ValidationError("--push-only publishes; it cannot be combined with --dry-run or --no-push")
        }
    }

    func run() async throws {
        try await CommandSupport.run(global) { (console) throws(MirrorError) -> ExitStatus in
            do throws(MirrorError) {
                try NetworkSettings.setTimeout(seconds: networkTimeout)
            } catch {
                throw .usage("--network-timeout \(networkTimeout): \(error)")
            }
            let configuration = try CommandSupport.loadConfiguration(global)
            let console = console.with(configuration: configuration)
            let environment = RunEnvironment(events: console.events)
            let workspace = try MirrorWorkspace(configuration: configuration, environment: environment, create: !dryRun)
            let engine = SyncEngine(
                workspace: workspace,
                options: SyncOptions(
                    dryRun: dryRun, noPush: noPush, noSmoke: noSmoke, strict: strict, lockTimeout: lockTimeout,
                    pushOnly: pushOnly))
            let publisher = ReportPublisher(printer: console.reportPrinter)
            SmokeRunner.killHooksOnInterrupt()
            engine.smokeStage = SmokeRunner()
            engine.reportStage = publisher
            var result: SyncResult
            do throws(MirrorError) {
                result = try await engine.run()
            } catch {
                // A run that fails outright (upstream unreachable, …) is reported too (sync-failed).
                if !dryRun, error.exitStatus == .failure {
                    let report = ReportBuilder(workspace: workspace).syncFailed(error.description)
                    for line in await publisher.publish([report], clearing: [], in: workspace) { console.result("report: \(line)") }
                }
                throw error
            }
            var closed: [String] = []
            if result.upToDate && !dryRun {
                // "Up to date" is a successful sync: it clears an open sync-failed report.
                closed = await publisher.publish([], clearing: [ReportBuilder(workspace: workspace).syncSucceeded()], in: workspace)
                result.reports += closed
            }
            SyncSummary(result: result, configuration: configuration).print(to: console)
            if result.upToDate { for line in closed { console.result("report: \(line)") } }
            return result.exitStatus
        }
    }
}
