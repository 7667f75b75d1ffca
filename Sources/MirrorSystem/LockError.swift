/// Why `RepositoryLock` could not take the run lock.
public enum LockError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Another process holds the lock; `holderPID` is its pid when it wrote one in time.
    case held(path: String, holderPID: Int32?)
    /// The lock file could not be opened or locked (`operation` names the file, `message` is the
    /// system's reason).
    case failed(operation: String, message: String)

    /// Whether another process holds the lock.
    public var isHeld: Bool {
        if case .held = self { return true }
        return false
    }

    /// The holder's pid, when another process holds the lock and its pid is known.
    public var holderPID: Int32? {
        if case .held(_, let pid) = self { return pid }
        return nil
    }

    /// `operation: message`, worded as the Git layer's errors are.
    public var description: String {
        switch self {
        case let .held(path, pid):
            return "lock '\(path)': another release-mirror run holds the lock" + (pid.map { " (pid \($0))" } ?? "")
        case let .failed(operation, message):
            return "\(operation): \(message)"
        }
    }
}
