import CGitSupport
import Clibgit2

/// Process-wide libgit2 set-up, done once before the first call.
public enum Libgit2 {
    /// Initialises libgit2 exactly once (a `static let` is initialised lazily and atomically).
    static let initialized: Void = {
        git_libgit2_init()
        // Refuse objects that reference missing ones when we write tags and notes.
        _ = gitsupport_enable_strict_object_creation(1)
        // Make ref and object writes durable before they are renamed into place.
        _ = gitsupport_enable_fsync_gitdir(1)
        // Do not re-hash every object read from the object database. git does not either: objects
        // are verified once, when a fetched pack is indexed (the indexer hashes each one) or when
        // they are written. Re-hashing on every read was 16 % of a push's instructions and 36 %
        // of its enumeration (callgrind, bench/RESULTS.md).
        _ = gitsupport_enable_strict_hash_verification(0)
        // At most two malloc arenas. glibc gives each thread that allocates its own arena (up to
        // 8 per core), and the pack builder's threads each grow one to the size of their share
        // of the delta search: a whole-mirror push peaked at 204 MB with the default and 186 MB
        // with two arenas (212k objects; 161 MB with one, but 5 % slower), see bench/RESULTS.md.
        _ = gitsupport_limit_malloc_arenas(2)
        // libgit2 1.5 reports a repository owned by another uid as GIT_ENOTFOUND (libgit2 #6408);
        // CI checkouts and caches are routinely owned by another uid, and we never run hooks.
        _ = gitsupport_set_owner_validation(0)
    }()

    /// Makes sure libgit2 is initialised. Every entry point of the layer calls this.
    @inline(__always)
    public static func ensureInitialized() { _ = initialized }

    /// Runs `body` with libgit2's process-wide object cache switched off, then switches it back
    /// on. For a push of a whole mirror: the pack builder reads each of hundreds of thousands of
    /// objects about once, so the cache (256 MB by default) only adds to the peak memory
    /// (first sync of a 212k-object mirror: 426 → 204 MB, for 7 % more CPU in the pack builder).
    /// The switch is global; the tool makes one libgit2 network call at a time, and another
    /// thread calling libgit2 meanwhile would only lose caching (its results cannot change).
    static func withoutObjectCache<R>(_ body: () -> R) -> R {
        ensureInitialized()
        _ = gitsupport_enable_caching(0)
        defer { _ = gitsupport_enable_caching(1) }
        return body()
    }

    /// The linked libgit2 version, e.g. `1.5.1`.
    public static var version: String {
        ensureInitialized()
        var major: Int32 = 0, minor: Int32 = 0, rev: Int32 = 0
        git_libgit2_version(&major, &minor, &rev)
        return "\(major).\(minor).\(rev)"
    }

    /// Points TLS certificate verification at a CA file and/or directory. Call once, before any
    /// network operation (it changes a process-wide setting).
    public static func setCertificateLocations(file: String?, directory: String?) throws(GitError) {
        ensureInitialized()
        try check(
            gitsupport_set_ssl_cert_locations(file, directory), "set TLS certificate locations")
    }
}
