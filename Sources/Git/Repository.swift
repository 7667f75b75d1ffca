import Clibgit2
import Foundation

/// An open git repository (bare or not). Owns its libgit2 handle; not `Sendable`: use one instance
/// from one thread at a time (libgit2's rule), and open another for another thread.
public final class Repository {
    let pointer: OpaquePointer

    private init(pointer: OpaquePointer) { self.pointer = pointer }

    deinit { git_repository_free(pointer) }

    /// Opens the repository at `path` (its work tree or its git directory), without searching parents.
    /// - Throws: `GitError` with `isNotFound` when there is no repository there.
    public static func open(at path: String) throws(GitError) -> Repository {
        Libgit2.ensureInitialized()
        var out: OpaquePointer?
        try check(
            git_repository_open_ext(&out, path, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil),
            "open repository '\(path)'")
        guard let out else {
            throw GitError(code: .generic, message: "libgit2 returned no repository", operation: "open repository '\(path)'")
        }
        return Repository(pointer: out)
    }

    /// Creates a repository at `path` (and any missing parent directories), or opens the one there.
    /// - Parameter bare: create a bare repository (no work tree).
    public static func create(at path: String, bare: Bool) throws(GitError) -> Repository {
        Libgit2.ensureInitialized()
        var options = git_repository_init_options()
        try check(
            git_repository_init_options_init(&options, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION)),
            "init options")
        options.flags = GIT_REPOSITORY_INIT_MKPATH.rawValue
        if bare { options.flags |= GIT_REPOSITORY_INIT_BARE.rawValue }
        var out: OpaquePointer?
        try check(git_repository_init_ext(&out, path, &options), "create repository '\(path)'")
        guard let out else {
            throw GitError(code: .generic, message: "libgit2 returned no repository", operation: "create repository '\(path)'")
        }
        return Repository(pointer: out)
    }

    /// Opens the repository at `path`, creating a bare one when nothing is there.
    ///
    /// Several processes may do this at once on a path where nothing exists yet (eight syncs
    /// started together on a new mirror): libgit2's init then fails in all but one with
    /// `GIT_ELOCKED` on `config.lock`. Those wait for the winner and open what it created.
    public static func openOrCreate(at path: String, bare: Bool = true) throws(GitError) -> Repository {
        var attempt = 0
        while true {
            do {
                return try open(at: path)
            } catch where error.isNotFound {
                do {
                    return try create(at: path, bare: bare)
                } catch where (error.isLocked || error.isAlreadyExists) && attempt < 200 {
                    attempt += 1
                    usleep(25_000)  // another process is creating it: open it once it is done
                }
            }
        }
    }

    /// The git directory (`.git` of a work tree, or the bare repository itself), with a trailing `/`.
    public var gitDirectory: String { String(cString: git_repository_path(pointer)) }

    /// The work tree, or `nil` for a bare repository.
    public var workDirectory: String? {
        guard let dir = git_repository_workdir(pointer) else { return nil }
        return String(cString: dir)
    }

    /// Whether the repository has no work tree.
    public var isBare: Bool { git_repository_is_bare(pointer) == 1 }
}
