import CGitSupport
import Clibgit2
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

// libgit2 1.5 has no network timeout: a server that stops sending (or sends a byte now and then)
// hangs a fetch or push forever. `setNetworkTimeout` registers a socket stream of our own (C in
// Sources/CGitSupport/timeout_stream.c) as libgit2's standard stream; libgit2's TLS stream wraps it, so
// http://, https:// and git:// are all covered.

extension Libgit2 {
    /// The settings every new connection reads (`timeoutMilliseconds == 0`: libgit2's own stream).
    struct NetworkSettings: Sendable {
        var timeoutMilliseconds: Int32 = 0
        var minimumBytes: Int64 = 1024
    }

    static let networkSettings = Mutex(NetworkSettings())

    /// Bounds every network connection libgit2 opens from now on (process-wide; call once at
    /// start-up, before any network operation, like `setCertificateLocations`).
    ///
    /// A connection is cut, and the operation fails with `GitError.networkTimeoutCode`, when
    /// connecting takes longer than `seconds`, or when within `seconds` of time spent waiting on
    /// the socket fewer than `minimumBytes` were sent or received: that bounds a server that
    /// stalls and one that trickles alike, so an operation that stops making progress fails within
    /// about twice `seconds`. Time libgit2 spends computing (indexing a pack) does not count.
    ///
    /// - Parameters:
    ///   - seconds: the limit; `0` restores libgit2's own stream (no timeout at all).
    ///   - minimumBytes: the least a healthy connection moves per `seconds` of waiting.
    ///
    /// On another libgit2 than 1.5 (`Libgit2.internals.enabled` is false) this validates the
    /// value and does nothing else: connections keep libgit2's own stream, and `networkTimeout`
    /// stays `nil`.
    /// - Throws: `GitError` with `invalidCode` for a negative, non-finite or absurd value.
    public static func setNetworkTimeout(seconds: Double, minimumBytes: Int = 1024) throws(GitError) {
        ensureInitialized()
        guard seconds.isFinite, seconds >= 0, seconds <= 86_400, minimumBytes >= 0 else {
            throw GitError(
                code: .invalid, message: "a network timeout is 0 (none) to 86400 seconds, not \(seconds)",
                operation: "set the network timeout")
        }
        // The stream copies libgit2 1.5's private socket-stream layout: elsewhere, libgit2's own.
        guard Libgit2.internals.enabled else { return }
        let milliseconds = seconds == 0 ? 0 : max(1, Int32((seconds * 1000).rounded()))
        networkSettings.withLock {
            $0.timeoutMilliseconds = milliseconds
            $0.minimumBytes = Int64(minimumBytes)
        }
        try check(
            gitsupport_register_socket_stream(milliseconds > 0 ? timeoutStreamInit : nil),
            "register the network timeout stream")
    }

    /// The current network timeout in seconds, `nil` when none is set.
    public static var networkTimeout: Double? {
        let milliseconds = networkSettings.withLock { $0.timeoutMilliseconds }
        return milliseconds > 0 ? Double(milliseconds) / 1000 : nil
    }

    /// The message of the timeout that cut this thread's most recent connection, if one did; the
    /// record is cleared. libgit2's TLS layer replaces the timeout's error text with a generic
    /// "SSL error", so callers use this to say what really happened.
    public static func takeNetworkTimeout() -> String? {
        NetworkTimeoutLog.take()
    }
}

extension GitError {
    /// The layer's own code for a connection cut by `Libgit2.setNetworkTimeout`.
    public static let networkTimeoutCode = Code.networkTimeout.rawValue
    /// A connection was cut by the network timeout.
    public var isNetworkTimeout: Bool { kind == .networkTimeout }

    /// This error, rewritten as a network timeout when one cut this thread's connection.
    func explainingNetworkTimeout() -> GitError {
        guard let message = Libgit2.takeNetworkTimeout() else { return self }
        let detail = self.message == message || self.message.isEmpty ? "" : " (libgit2: \(self.message))"
        return GitError(
            code: .networkTimeout, errorClass: errorClass, message: message + detail, operation: operation,
            rejections: rejections)
    }
}

/// The registration's factory: a new timeout stream with the current settings. A new connection
/// also clears this thread's timeout record, so a record always belongs to the operation in flight.
private func timeoutStreamInit(
    out: UnsafeMutablePointer<OpaquePointer?>?, host: UnsafePointer<CChar>?,
    port: UnsafePointer<CChar>?
) -> Int32 {
    NetworkTimeoutLog.clear()
    let settings = Libgit2.networkSettings.withLock { $0 }
    // Deregistration races a connection opened at the same moment: give it a day.
    let milliseconds = settings.timeoutMilliseconds > 0 ? settings.timeoutMilliseconds : 86_400_000
    return gitsupport_timeout_stream_new(out, host, port, milliseconds, settings.minimumBytes, timeoutReporter)
}

private func timeoutReporter(message: UnsafePointer<CChar>?) {
    NetworkTimeoutLog.record(message.map { String(cString: $0) } ?? "network timeout")
}

/// One timeout message per thread (libgit2 runs a network operation synchronously on the caller's
/// thread, so the stream's thread is the one that reads the record back).
enum NetworkTimeoutLog {
    /// A per-thread slot; the box is released when its thread exits.
    final class Slot {
        var message: String?
    }

    static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { raw in
            guard let raw else { return }
            Unmanaged<Slot>.fromOpaque(raw).release()
        }
        return key
    }()

    static func slot() -> Slot {
        if let raw = pthread_getspecific(key) { return Unmanaged<Slot>.fromOpaque(raw).takeUnretainedValue() }
        let slot = Slot()
        pthread_setspecific(key, Unmanaged.passRetained(slot).toOpaque())
        return slot
    }

    static func record(_ message: String) { slot().message = message }

    static func clear() {
        guard let raw = pthread_getspecific(key) else { return }
        Unmanaged<Slot>.fromOpaque(raw).takeUnretainedValue().message = nil
    }

    static func take() -> String? {
        guard let raw = pthread_getspecific(key) else { return nil }
        let slot = Unmanaged<Slot>.fromOpaque(raw).takeUnretainedValue()
        defer { slot.message = nil }
        return slot.message
    }
}
