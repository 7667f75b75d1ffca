/// The one exception to "a push never deletes": a leased deletion of a branch, named by the
/// caller (see `Remote.push(refspecs:leases:deletions:…)`).
extension Remote {
    /// Refuses, before anything is contacted, a deletion refspec (`:dst`) the caller did not list in
    /// `deletions`, a listed deletion that is not a branch, and a listed ref pushed to instead.
    static func checkDeletions(_ refspecs: [String], _ deletions: [String: ObjectID], _ operation: String) throws(GitError) {
        for ref in deletions.keys where !ref.hasPrefix("refs/heads/") {
            throw GitError(
                code: GitError.invalidCode, message: "refusing to delete '\(ref)': only a branch may be deleted", operation: operation)
        }
        for spec in refspecs {
            let isDeletion = spec.hasPrefix(":")
            let destination = destination(spec)
            if isDeletion && deletions[destination] == nil {
                throw GitError(
                    code: GitError.invalidCode, message: "refusing deletion refspec '\(spec)': deleting a remote ref is never allowed",
                    operation: operation)
            }
            if !isDeletion && deletions[destination] != nil {
                throw GitError(
                    code: GitError.invalidCode, message: "refusing '\(spec)': \(destination) is listed for deletion, not for an update",
                    operation: operation)
            }
        }
    }

    /// The negotiation guard's rule for a listed deletion (`nil` = allowed): the remote must still
    /// hold exactly `expected` (or no longer have the branch, which deletes nothing).
    static func deletionRefusal(_ update: PushUpdate, expected: ObjectID) -> String? {
        guard update.remoteRef.hasPrefix("refs/heads/") else { return "deleting a remote ref is never allowed" }
        if update.remoteCurrent == expected || update.remoteCurrent.isZero { return nil }
        return "the remote moved to \(update.remoteCurrent.short()) (deletion expected \(expected.short())); not deleted"
    }
}
