import CGitSupport
import Clibgit2
import Foundation

/// The version gate for the three fast paths written against libgit2 1.5's internals:
///
/// - the fetch-negotiation ref database (`Remote(repository:url:negotiatingWith:)`), which relies
///   on how 1.5's `refdb_fs.c` iterators find their backend;
/// - narrowing the push negotiation base (`Remote.push(negotiationBase:)`), which writes through
///   the `const` heads `git_remote_ls` returns, relying on 1.5's `push.c` reading them only after;
/// - the timed socket stream (`Libgit2.setNetworkTimeout`), which copies the head of 1.5's private
///   `git_socket_stream` (its SSH transport reads the file descriptor at that offset).
///
/// They are on only when the C was compiled against libgit2 1.5 headers (`LIBGIT2_VER_*`) *and* the
/// library linked at run time (`git_libgit2_version`) is 1.5 (any patch release). On any other
/// version the tool works without them: fetches negotiate from every ref and pushes from every
/// advertised ref (slower, same result), and connections have libgit2's own behaviour, i.e. no
/// network timeout (the CLI says so in one warning line at start).
public struct Libgit2Internals: Sendable, Equatable {
    /// The libgit2 version the fast paths were written for (major, minor).
    public static let writtenFor = (major: Int32(1), minor: Int32(5))

    /// The libgit2 the C was compiled against, e.g. `1.5.1`.
    public let compiledVersion: String
    /// The libgit2 linked at run time, e.g. `1.5.1` (or the pretended one, see below).
    public let linkedVersion: String
    /// Whether the fast paths are on.
    public let enabled: Bool

    /// Debug builds only: pretend the linked libgit2 is this version (`major.minor.revision`), so
    /// tests can run the tool the way it runs on another libgit2. Release builds ignore it.
    public static let pretendVersionVariable = "RELEASE_MIRROR_PRETEND_LIBGIT2_VERSION"

    /// Decides for a libgit2 linked at `major.minor.revision`.
    public init(linkedMajor major: Int32, minor: Int32, revision: Int32) {
        var compiled: (Int32, Int32, Int32) = (0, 0, 0)
        gitsupport_compiled_version(&compiled.0, &compiled.1, &compiled.2)
        compiledVersion = "\(compiled.0).\(compiled.1).\(compiled.2)"
        linkedVersion = "\(major).\(minor).\(revision)"
        enabled = gitsupport_internals_fit(major, minor) != 0
    }

    /// What is off and why, for a warning; `nil` when the fast paths are on.
    public var notice: String? {
        if enabled { return nil }
        let wanted = "\(Self.writtenFor.major).\(Self.writtenFor.minor)"
        return "libgit2 \(linkedVersion) (compiled against \(compiledVersion)) is not \(wanted).x: network timeouts "
            + "are off (a stalled server can hang a fetch or push) and fetch/push negotiation is slower; "
            + "build release-mirror against libgit2 \(wanted) (Debian bookworm: libgit2-dev) for both"
    }

    /// The decision for this process: the linked library, or in debug builds the pretended version.
    static func current(environment: [String: String] = ProcessInfo.processInfo.environment) -> Libgit2Internals {
        #if DEBUG
            if let pretended = environment[pretendVersionVariable].flatMap(parse) {
                return Libgit2Internals(linkedMajor: pretended.0, minor: pretended.1, revision: pretended.2)
            }
        #endif
        var major: Int32 = 0, minor: Int32 = 0, revision: Int32 = 0
        git_libgit2_version(&major, &minor, &revision)
        return Libgit2Internals(linkedMajor: major, minor: minor, revision: revision)
    }

    /// `1.9.0` → (1, 9, 0); anything else → nil.
    static func parse(_ text: String) -> (Int32, Int32, Int32)? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map { Int32($0) }
        guard parts.count == 3, let major = parts[0], let minor = parts[1], let revision = parts[2] else { return nil }
        return (major, minor, revision)
    }
}

extension Libgit2 {
    /// Whether this process uses the fast paths written for libgit2 1.5's internals (decided once).
    public static let internals = Libgit2Internals.current()
}
