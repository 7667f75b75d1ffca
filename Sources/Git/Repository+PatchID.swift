import Clibgit2

extension Repository {
    /// The patch id of commit `commit` (`git patch-id --stable`'s notion, from libgit2's
    /// `git_diff_patchid`): a hash of its change against its first parent that ignores line
    /// numbers, whitespace in hunk headers and the commit message, so a cherry-pick or a rebase of
    /// the same change has the same id. `nil` for a merge commit (more than one parent) or a
    /// commit that changes nothing.
    /// - Throws: `GitError` when the commit or its parent cannot be read.
    public func patchID(of commit: ObjectID) throws(GitError) -> ObjectID? {
        let info = try self.commit(commit)
        guard info.parents.count <= 1 else { return nil }
        let operation = "compute the patch id of \(commit.short())"
        let newTree = try tree(of: commit)
        defer { git_tree_free(newTree) }
        let oldTree = try info.parents.first.map { (parent) throws(GitError) in try tree(of: parent) }
        defer { if let oldTree { git_tree_free(oldTree) } }
        var diff: OpaquePointer?
        try check(git_diff_tree_to_tree(&diff, pointer, oldTree, newTree, nil), operation)
        guard let diff else { throw GitError(code: -1, message: "libgit2 returned no diff", operation: operation) }
        defer { git_diff_free(diff) }
        guard git_diff_num_deltas(diff) > 0 else { return nil }
        var out = git_oid()
        try check(git_diff_patchid(&out, diff, nil), operation)
        return ObjectID(out)
    }

    /// The commits reachable from `tips` but from none of `hidden` (`git rev-list tips ^hidden`),
    /// newest first in topological order, merge commits included.
    /// - Throws: `GitError` when a tip or hidden commit cannot be read.
    public func commits(from tips: [ObjectID], hiding hidden: [ObjectID]) throws(GitError) -> [ObjectID] {
        let operation = "walk the commits of \(tips.map { $0.short() }.joined(separator: ", "))"
        var walk: OpaquePointer?
        try check(git_revwalk_new(&walk, pointer), operation)
        guard let walk else { throw GitError(code: -1, message: "libgit2 returned no revision walker", operation: operation) }
        defer { git_revwalk_free(walk) }
        try check(git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue), operation)
        for tip in tips {
            var oid = tip.raw
            try check(git_revwalk_push(walk, &oid), operation)
        }
        for id in hidden {
            var oid = id.raw
            try check(git_revwalk_hide(walk, &oid), operation)
        }
        var result: [ObjectID] = []
        var next = git_oid()
        while true {
            let rc = git_revwalk_next(&next, walk)
            if rc == GIT_ITEROVER.rawValue { break }
            try check(rc, operation)
            result.append(ObjectID(next))
        }
        return result
    }
}
