import Clibgit2
import Foundation
import MirrorSystem

extension Repository {
    /// Writes the tree of `commit` into `directory` (created if missing, expected empty). No `.git`
    /// is created there and the repository's own index and HEAD are not touched, so the directory
    /// carries no repository configuration or credentials.
    public func checkout(_ commit: ObjectID, into directory: String) throws(GitError) {
        try Interruption.shared.critical { () throws(GitError) -> Void in
            let operation = "check out \(commit.short()) into '\(directory)'"
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw GitError(code: .invalid, message: "\(error)", operation: operation)
            }
            let object = try lookupObject(commit, operation)
            defer { git_object_free(object) }
            // An empty baseline makes libgit2 write every file instead of diffing against HEAD.
            var baseline: OpaquePointer?
            try check(git_index_new(&baseline), operation)
            defer { git_index_free(baseline) }
            var options = git_checkout_options()
            try check(git_checkout_options_init(&options, UInt32(GIT_CHECKOUT_OPTIONS_VERSION)), operation)
            options.checkout_strategy =
                GIT_CHECKOUT_FORCE.rawValue | GIT_CHECKOUT_DONT_UPDATE_INDEX.rawValue
                | GIT_CHECKOUT_DISABLE_PATHSPEC_MATCH.rawValue
            options.baseline_index = baseline
            let rc = directory.withCString { path -> Int32 in
                options.target_directory = path
                return git_checkout_tree(pointer, object, &options)
            }
            try check(rc, operation)
        }
    }
}
