import Foundation
internal import Git
internal import MirrorSystem

/// Step 7 of sync and `release-mirror smoke` (SPEC §5.2, §5.3): checks a commit out into a fresh
/// temporary directory (no `.git`, so no repository configuration or credentials), runs
/// `smoke.command` there as an argv with only the allowlisted environment (`SmokeEnvironment`),
/// enforces `smoke.timeout-seconds` on the whole process group, streams the output as
/// `.hookOutput` events inside a `.groupBegin`/`.groupEnd` pair, keeps the full log in a file, and
/// records the result as a JSON note (`SmokeNote`) on the commit under `refs/notes/release-mirror`.
///
/// Logs go to `<report.directory>/smoke-logs/` when a report directory is configured, else to
/// `<mirror git dir>/release-mirror/smoke-logs/`.
public struct SmokeRunner: SyncSmokeStage, Sendable {
    /// Store each result as a note on the commit.
    public var record: Bool
    /// Skip a commit whose note already says `passed` (sync); `release-mirror smoke` always runs.
    public var skipVerified: Bool
    /// Time between SIGTERM and SIGKILL when the time limit passes; `nil` = a tenth of
    /// `smoke.timeout-seconds`, between 1 and 10 seconds.
    public var terminationGrace: Duration?
    /// Where logs go; `nil` = the default above.
    public var logDirectory: String?

    /// The note's author.
    public static let noteAuthor = (name: "release-mirror", email: "release-mirror@localhost")

    /// Creates a runner.
    public init(record: Bool = true, skipVerified: Bool = true, terminationGrace: Duration? = nil, logDirectory: String? = nil) {
        self.record = record
        self.skipVerified = skipVerified
        self.terminationGrace = terminationGrace
        self.logDirectory = logDirectory
    }

    /// Smokes each target in turn (skipping verified ones when `skipVerified`), recording notes
    /// when `record`. A failing hook is an outcome, not an error.
    /// - Throws: `MirrorError` only when a note cannot be written to the mirror repository.
    public func smoke(_ targets: [SmokeTarget], in workspace: MirrorWorkspace) async throws(MirrorError) -> [SmokeOutcome] {
        var outcomes: [SmokeOutcome] = []
        var seen: Set<ObjectID> = []
        for target in targets {
            guard seen.insert(target.commit).inserted else { continue }  // a tag at the tip: once
            if skipVerified, let note = SmokeRunner.note(for: target.commit, in: workspace.repository), note.status == .passed {
                workspace.emit(.info("smoke: \(target.ref) (\(target.commit.short())) already passed on \(note.started); not run again"))
                continue
            }
            let outcome = await run(target, in: workspace)
            if record { try recordNote(outcome, in: workspace) }
            outcomes.append(outcome)
        }
        return outcomes
    }

    /// Runs the smoke command for one target and returns the outcome (never throws: a checkout
    /// or launch failure is the outcome `error`, with the reason in the log tail).
    public func run(_ target: SmokeTarget, in workspace: MirrorWorkspace) async -> SmokeOutcome {
        let configuration = workspace.configuration
        let command = configuration.smoke.command
        let now = workspace.environment.now()
        let started = ISO8601DateFormatter().string(from: now)
        let clock = ContinuousClock()
        let startInstant = clock.now
        let redactor = workspace.redactor

        let log = SmokeLog(directory: logDirectory ?? SmokeRunner.defaultLogDirectory(for: workspace), name: SmokeRunner.logName(target, at: now))
        if let problem = log.fileError { workspace.emit(.warning("smoke log: \(problem); only the last lines are kept")) }
        log.append("# release-mirror \(RunEnvironment.toolVersion): smoke \(target.ref) at \(target.commit.hex)")
        log.append("# command: \(ArgvText.render(command))")

        let status: SmokeOutcome.Status
        workspace.emit(.groupBegin("smoke \(target.ref) at \(target.commit.short()): \(ArgvText.render(command))"))
        let workdir = SmokeRunner.makeTemporaryDirectory()
        // Interrupted, the run removes the checkout itself before it exits (the hook is dead by then).
        let cleanup = workdir.map { path in Interruption.shared.add(.exit) { SmokeRunner.removeForExit(path) } }
        defer {
            if let workdir, !Interruption.shared.isInterrupted { SmokeRunner.remove(workdir, workspace: workspace) }
            if let cleanup { Interruption.shared.remove(cleanup) }
        }
        if let workdir {
            do {
                try workspace.repository.checkout(target.commit, into: workdir)
                let environment = SmokeEnvironment(
                    allowlist: configuration.smoke.env, from: workspace.environment.variables,
                    tokenEnv: configuration.report.tokenEnv, redactor: redactor, target: target, workdir: workdir)
                if !environment.withheld.isEmpty {
                    let names = environment.withheld.joined(separator: ", ")
                    let message = "smoke.env in \(configuration.file) allowlists \(names), which hold credentials; withheld from the hook"
                    workspace.emit(.warning(message))
                    log.append("release-mirror: " + message)
                }
                log.append("# workdir: \(workdir)")
                let events = workspace.environment.events
                let process = SmokeProcess(
                    argv: command, environment: environment.variables, workingDirectory: workdir,
                    timeout: .seconds(configuration.smoke.timeoutSeconds),
                    grace: terminationGrace ?? .seconds(min(10, max(1, configuration.smoke.timeoutSeconds / 10))))
                let ending = await process.run { raw in
                    let line = redactor.redact(raw)
                    events.send(.hookOutput(line))
                    log.append(line)
                }
                Interruption.shared.stopIfInterrupted()  // killed by our signal handler: no outcome
                let (result, line) = SmokeRunner.describe(ending, timeoutSeconds: configuration.smoke.timeoutSeconds)
                status = result
                log.append("release-mirror: " + redactor.redact(line))
            } catch {
                status = .error
                log.append("release-mirror: " + redactor.redact(workspace.failure(error, "check out \(target.ref) for smoke").description))
            }
        } else {
            status = .error
            log.append("release-mirror: cannot create a temporary directory under \(NSTemporaryDirectory()): \(String(cString: strerror(errno)))")
        }
        workspace.emit(.groupEnd)
        let duration = clock.now - startInstant
        let exact = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        let seconds = (exact * 10).rounded() / 10
        let outcome = SmokeOutcome(
            ref: target.ref, commit: target.commit, version: target.version, status: status, command: command,
            started: started, durationSeconds: seconds, logTail: log.tailText, logPath: log.path)
        let summary = "smoke \(status.rawValue): \(target.ref) at \(target.commit.short()) in \(String(format: "%.1f", seconds)) s"
            + (log.path.map { "; full log: \($0)" } ?? "")
        workspace.emit(status == .passed ? .info(summary) : .error(summary))
        return outcome
    }

    /// Stores `outcome` as the note on its commit (replacing an older note; the notes ref itself
    /// only moves forward).
    public func recordNote(_ outcome: SmokeOutcome, in workspace: MirrorWorkspace) throws(MirrorError) {
        let note = SmokeNote(
            status: outcome.status, command: outcome.command, started: outcome.started,
            durationSeconds: outcome.durationSeconds, logTail: workspace.redactor.redact(outcome.logTail),
            toolVersion: RunEnvironment.toolVersion, ref: outcome.ref)
        do {
            try workspace.repository.setNote(
                for: outcome.commit, notesRef: Configuration.notesRef, message: note.encoded(),
                authorName: SmokeRunner.noteAuthor.name, authorEmail: SmokeRunner.noteAuthor.email)
        } catch {
            throw workspace.failure(error, "record the smoke result of \(outcome.ref) in \(Configuration.notesRef)")
        }
    }

    /// Makes SIGTERM, SIGINT and SIGHUP kill every running smoke command's process group and
    /// remove its checkout before release-mirror exits (status 128 + signal, see `Interruption`).
    /// For command-line front ends; a library host that manages its own signals should not call it.
    public static func killHooksOnInterrupt() {
        ProcessGroupRegistry.shared.installInterruptHandlers()
    }

    /// The smoke note on `commit`, if it has one that parses.
    static func note(for commit: ObjectID, in repository: Repository) -> SmokeNote? {
        guard let text = try? repository.note(for: commit, notesRef: Configuration.notesRef) else { return nil }
        return SmokeNote.decode(text)
    }

    /// The default log directory (see the type's documentation).
    public static func defaultLogDirectory(for workspace: MirrorWorkspace) -> String {
        if let directory = workspace.configuration.report.directory {
            return (directory as NSString).appendingPathComponent("smoke-logs")
        }
        return (workspace.repository.gitDirectory as NSString).appendingPathComponent("release-mirror/smoke-logs")
    }

    /// `<UTC stamp>-<short sha>-<ref, sanitised>`.
    static func logName(_ target: SmokeTarget, at date: Date) -> String {
        let ref = target.ref.replacingOccurrences(of: "refs/tags/", with: "").replacingOccurrences(of: "refs/heads/", with: "")
        return "\(SyncPlanner.stamp(date))-\(target.commit.short())-\(BreakReport.sanitise(ref, limit: 80))"
    }

    private static func makeTemporaryDirectory() -> String? {
        var template = Array((NSTemporaryDirectory() as NSString).appendingPathComponent("release-mirror-smoke-XXXXXX").utf8CString)
        return template.withUnsafeMutableBufferPointer { buffer -> String? in
            guard let made = mkdtemp(buffer.baseAddress!) else { return nil }
            return String(cString: made)
        }
    }

    /// The outcome of a hook's ending, and the log line saying why.
    static func describe(_ ending: SmokeProcess.Ending, timeoutSeconds: Int) -> (SmokeOutcome.Status, String) {
        switch ending {
        case .exited(0): return (.passed, "the command exited with status 0")
        case .exited(let code): return (.failed, "the command exited with status \(code)")
        case .signaled(let signal): return (.failed, "the command was killed by signal \(signal)")
        case .timedOut:
            return (.timedOut, "timed out after \(timeoutSeconds) s (smoke.timeout-seconds); the command's process group was killed")
        case .launchFailed(let reason): return (.error, reason)
        }
    }

    /// Removes the checkout as the process exits on a signal, retrying while a removal this
    /// run had already begun on another thread races it.
    static func removeForExit(_ directory: String) {
        for _ in 0..<50 where FileManager.default.fileExists(atPath: directory) {
            try? FileManager.default.removeItem(atPath: directory)
            usleep(10_000)
        }
    }

    private static func remove(_ directory: String, workspace: MirrorWorkspace) {
        do {
            try FileManager.default.removeItem(atPath: directory)
        } catch {
            workspace.emit(.warning("could not remove the smoke checkout \(directory): \(error.localizedDescription)"))
        }
    }
}
