import Foundation
import Synchronization

/// A test-only hook that holds a run inside one stage so a test can interrupt it there
/// deterministically: with `RELEASE_MIRROR_TEST_PAUSE=<stage>:<marker file>` in the environment,
/// the first time the run reaches `<stage>` (`fetch`: the first transfer progress of libgit2's
/// fetch; `push`: libgit2's push negotiation, before anything is sent), it creates the marker
/// file and waits there until a signal arrives (at most 60 s).
///
/// It exists only in debug builds (`swift build`, what the tests run): a release build
/// (`swift build -c release`, what is deployed) compiles it to nothing and never reads the
/// variable, so no environment can make a production run stall.
public enum TestPause {
    /// The stages a test can hold a run in.
    public enum Stage: String, Sendable {
        case fetch
        case push
    }

    #if DEBUG
        private static let request: (stage: String, marker: String)? = {
            guard let value = ProcessInfo.processInfo.environment["RELEASE_MIRROR_TEST_PAUSE"],
                let colon = value.firstIndex(of: ":")
            else { return nil }
            return (String(value[..<colon]), String(value[value.index(after: colon)...]))
        }()
        private static let taken = Mutex(false)
    #endif

    /// Waits at `stage` when a test asked for it (debug builds only; otherwise returns at once).
    public static func here(_ stage: Stage) {
        #if DEBUG
            guard let request, request.stage == stage.rawValue else { return }
            let first = taken.withLock { taken -> Bool in
                defer { taken = true }
                return !taken
            }
            guard first else { return }
            _ = FileManager.default.createFile(atPath: request.marker, contents: Data("\(getpid())\n".utf8))
            let deadline = Date().addingTimeInterval(60)
            while !Interruption.shared.isInterrupted && Date() < deadline { usleep(10_000) }
        #endif
    }
}
