import Clibgit2
import MirrorSystem

extension Repository {
    /// Deletes branch `name` (a full `refs/heads/…` name) only if it still points at `expected`.
    /// The only local ref deletion the tool makes: a retired patch branch, after its archive is
    /// published. A missing branch is no error (nothing to delete).
    /// - Throws: `GitError` with `isModified` when the branch points elsewhere (it is kept).
    public func deleteBranch(_ name: String, expecting expected: ObjectID) throws(GitError) {
        let operation = "delete branch '\(name)' at \(expected.short())"
        guard name.hasPrefix("refs/heads/") else {
            throw GitError(code: GitError.invalidCode, message: "only a branch may be deleted", operation: operation)
        }
        try Interruption.shared.critical { () throws(GitError) in
            var ref: OpaquePointer?
            let rc = git_reference_lookup(&ref, pointer, name)
            if rc == GIT_ENOTFOUND.rawValue { return }
            try check(rc, operation)
            guard let ref else { throw GitError(code: -1, message: "libgit2 returned no reference", operation: operation) }
            defer { git_reference_free(ref) }
            guard let target = git_reference_target(ref), ObjectID(target) == expected else {
                throw GitError(
                    code: GIT_EMODIFIED.rawValue, message: "the branch no longer points at \(expected.short()); kept",
                    operation: operation)
            }
            try check(git_reference_delete(ref), operation)
        }
    }
}
