import ChildProcesses
import Foundation

/// One run of the smoke command: an argv (never a shell string), an exact environment, a working
/// directory, a time limit. The child starts in a process group of its own (with every signal
/// disposition reset to the default, so an ignored SIGTERM inherited from our parent does not
/// carry over), and the whole group — grandchildren included — is killed on timeout (SIGTERM,
/// then SIGKILL after `grace`), when the command's own process exits (leftover background
/// processes), and when release-mirror itself is interrupted. The process handling is the
/// `ChildProcesses` layer's (`Command.streamLines`, `GroupDeadline`, `ProcessGroup`).
///
/// A grandchild that leaves the group on purpose (`setsid`, `setpgid`) is out of reach, as with
/// any process-group based supervisor.
struct SmokeProcess: Sendable {
    /// How a run ended.
    enum Ending: Sendable, Equatable {
        /// The command exited with this status.
        case exited(Int32)
        /// The command was killed by this signal (not by us).
        case signaled(Int32)
        /// The time limit passed; the group was killed.
        case timedOut
        /// The command could not be started (not found, not executable, bad directory).
        case launchFailed(String)
    }

    /// The command: program, then arguments.
    var argv: [String]
    /// The complete environment of the child.
    var environment: [String: String]
    /// The child's working directory.
    var workingDirectory: String
    /// The time limit.
    var timeout: Duration
    /// Time between SIGTERM and SIGKILL on timeout.
    var grace: Duration

    /// Runs the command, calling `onLine` for each line of its output (stdout and stderr merged,
    /// in the order written; a final line without a newline is delivered too; a line over
    /// `maxLine` bytes is cut into pieces so one runaway line cannot exhaust memory).
    func run(onLine: (String) -> Void) async -> Ending {
        guard let program = argv.first, !program.isEmpty else { return .launchFailed("smoke.command is empty") }
        let command = Command(
            program, arguments: Array(argv.dropFirst()), environment: environment, workingDirectory: workingDirectory)
        do {
            let completion = try await command.streamLines(
                maxLineLength: SmokeProcess.maxLine, timeout: timeout, grace: grace,
                started: { ProcessGroupRegistry.shared.register($0) },
                ended: { ProcessGroupRegistry.shared.unregister($0) },
                onLine: onLine)
            if completion.timedOut { return .timedOut }
            switch completion.termination {
            case .exited(let code): return .exited(code)
            case .signaled(let signal): return .signaled(signal)
            case .unknown: return .launchFailed("\(program) ended, but its exit status could not be read")
            }
        } catch {
            return .launchFailed(SmokeProcess.describe(error, program: program, path: environment["PATH"]))
        }
    }

    /// The longest output line kept whole (bytes).
    static let maxLine = 16 * 1024

    /// A launch failure in words, naming the program and what to check.
    static func describe(_ error: any Error, program: String, path: String?) -> String {
        if Command.isNotFound(error) {
            return "command not found: \(program) (searched PATH=\(path ?? "<unset>"); "
                + "install it on the runner or add its directory to PATH, and keep PATH in smoke.env)"
        }
        if Command.isBadDirectory(error) {
            return "could not start \(program): cannot enter the checkout directory: \(error)"
        }
        return "could not start \(program): \(error)"
    }
}
