import Clibgit2

/// Process-wide libgit2 set-up, done once before the first call.
public enum Libgit2 {
    /// Initialises libgit2 exactly once (a `static let` is initialised lazily and atomically).
    static let initialized: Void = {
        git_libgit2_init()
        // Refuse objects that reference missing ones when we write tags and notes.
        _ = clibgit2_enable_strict_object_creation(1)
        // Make ref and object writes durable before they are renamed into place.
        _ = clibgit2_enable_fsync_gitdir(1)
        // libgit2 1.5 reports a repository owned by another uid as GIT_ENOTFOUND (libgit2 #6408);
        // CI checkouts and caches are routinely owned by another uid, and we never run hooks.
        _ = clibgit2_set_owner_validation(0)
    }()

    /// Makes sure libgit2 is initialised. Every entry point of the layer calls this.
    @inline(__always)
    public static func ensureInitialized() { _ = initialized }

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
            clibgit2_set_ssl_cert_locations(file, directory), "set TLS certificate locations")
    }
}
