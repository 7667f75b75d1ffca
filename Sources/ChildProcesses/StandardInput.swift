import Subprocess
import Synchronization

/// Why bytes could not be sent to a child's stdin.
public enum ChildInputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stdin was closed (by `closeStdin`, or because the child ended).
    case closed
    /// A write failed (typically EPIPE: the child is gone); the text says why.
    case writeFailed(String)

    public var description: String {
        switch self {
        case .closed: return "stdin is closed"
        case .writeFailed(let reason): return "cannot write to the process: \(reason)"
        }
    }
}

/// A child's stdin as an ordered queue: `send` never blocks; one task (`feed`) writes the queued
/// chunks in order through swift-subprocess's writer.
final class StandardInput: Sendable {
    private enum Item: Sendable {
        case bytes([UInt8])
        case close
    }
    private struct State {
        var open = true
        var failure: String?
    }
    private let state = Mutex(State())
    private let queue: AsyncStream<Item>
    private let continuation: AsyncStream<Item>.Continuation

    init() {
        (queue, continuation) = AsyncStream<Item>.makeStream()
    }

    func send(_ bytes: [UInt8]) throws(ChildInputError) {
        try state.withLock { state throws(ChildInputError) in
            if let failure = state.failure { throw .writeFailed(failure) }
            guard state.open else { throw .closed }
            if case .terminated = continuation.yield(.bytes(bytes)) {
                state.open = false
                throw .closed
            }
        }
    }

    /// Closes after what is queued.
    func close() {
        state.withLock { state in
            guard state.open else { return }
            state.open = false
            continuation.yield(.close)
            continuation.finish()
        }
    }

    /// The child's output has ended (it exited or closed it): nothing more will be written.
    func end() {
        state.withLock { $0.open = false }
        continuation.finish()
    }

    /// Writes the queue in order until it is closed or ended, or a write fails.
    func feed(_ writer: StandardInputWriter) async {
        for await item in queue {
            switch item {
            case .bytes(let bytes):
                do {
                    _ = try await writer.write(bytes)
                } catch {
                    let reason = error.underlyingError.map { "\($0)" } ?? "\(error)"
                    state.withLock { state in
                        state.failure = reason
                        state.open = false
                    }
                    continuation.finish()
                    try? await writer.finish()
                    return
                }
            case .close:
                try? await writer.finish()
                return
            }
        }
        try? await writer.finish()
    }
}
