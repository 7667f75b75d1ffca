public import Git

/// Every failure the engine reports, each with a message that names the file, key, ref or
/// command involved and says what to do, and the exit status it maps to (SPEC §6).
public enum MirrorError: Error, CustomStringConvertible, Sendable {
    /// A configuration problem: file, line (0 when unknown), key, what is wrong.
    case configuration(file: String, line: Int, key: String, message: String)
    /// Several configuration problems at once (one line each).
    case configurationProblems([MirrorError])
    /// A command-line problem.
    case usage(String)
    /// A git operation failed; `context` says what the tool was doing.
    case git(GitError, context: String)
    /// A file could not be read or written.
    case io(path: String, message: String)
    /// Another run holds the lock.
    case locked(path: String, pid: Int32?)
    /// Upstream moved on in a way the mirror refuses to follow (history rewrite, or with `--strict`
    /// a moved or deleted tag).
    case held(String)
    /// A smoke run failed or timed out.
    case smokeFailed(String)
    /// A publish or audit check failed.
    case checkFailed(String)
    /// `status --max-age`: the last successful sync is too old.
    case stale(String)
    /// Anything else at run time.
    case runtime(String)

    /// The process exit status for this error (SPEC §6).
    public var exitStatus: ExitStatus {
        switch self {
        case .configuration, .configurationProblems, .usage: return .usage
        case .git: return .failure
        case .io, .runtime: return .failure
        case .locked: return .locked
        case .held: return .held
        case .smokeFailed: return .smokeFailed
        case .checkFailed: return .checkFailed
        case .stale: return .stale
        }
    }

    public var description: String {
        switch self {
        case let .configuration(file, line, key, message):
            let place = line > 0 ? "\(file):\(line)" : file
            return key.isEmpty ? "\(place): \(message)" : "\(place): \(key): \(message)"
        case .configurationProblems(let problems):
            return problems.map(\.description).joined(separator: "\n")
        case .usage(let message): return message
        case let .git(error, context): return "\(context): \(error)"
        case let .io(path, message): return "\(path): \(message)"
        case let .locked(path, pid):
            let holder = pid.map { "process \($0)" } ?? "another process"
            return "\(path): \(holder) is running release-mirror on this mirror; wait for it, or pass --lock-timeout SECONDS"
        case .held(let message), .smokeFailed(let message), .checkFailed(let message), .stale(let message),
            .runtime(let message):
            return message
        }
    }
}

/// Process exit statuses (SPEC §6), decided in one place.
public enum ExitStatus: Int32, Sendable, Codable, CaseIterable {
    /// Success, including "up to date".
    case success = 0
    /// Runtime failure: network, git, I/O.
    case failure = 1
    /// Usage or configuration error.
    case usage = 2
    /// Held: upstream rewrote history (or, with `--strict`, moved or deleted a tag).
    case held = 3
    /// A smoke run failed or timed out.
    case smokeFailed = 4
    /// A publish or audit check failed.
    case checkFailed = 5
    /// Another run holds the lock.
    case locked = 6
    /// `status --max-age`: the mirror is stale.
    case stale = 7
}
