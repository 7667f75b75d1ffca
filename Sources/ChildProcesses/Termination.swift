import Subprocess

/// How a child process ended: its exit status and a killing signal are told apart.
public enum Termination: Sendable, Hashable, CustomStringConvertible {
    /// It exited with this status.
    case exited(Int32)
    /// It was killed by this signal.
    case signaled(Int32)
    /// Its status could not be read (it was reaped elsewhere, or monitoring failed).
    case unknown

    init(_ status: TerminationStatus) {
        switch status {
        case .exited(let code): self = .exited(code)
        case .signaled(let signal): self = .signaled(signal)
        }
    }

    /// The exit status, when it exited.
    public var exitCode: Int32? {
        if case .exited(let code) = self { return code }
        return nil
    }

    /// The signal, when it was killed by one.
    public var signal: Int32? {
        if case .signaled(let signal) = self { return signal }
        return nil
    }

    /// The exit status, or for a signal its number (what `Foundation.Process.terminationStatus`
    /// reports), or -1 when unknown.
    public var statusOrSignal: Int32 {
        switch self {
        case .exited(let code): return code
        case .signaled(let signal): return signal
        case .unknown: return -1
        }
    }

    public var description: String {
        switch self {
        case .exited(let code): return "exited with status \(code)"
        case .signaled(let signal): return "killed by signal \(signal)"
        case .unknown: return "ended (status unknown)"
        }
    }
}
