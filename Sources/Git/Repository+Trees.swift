import Clibgit2

extension Repository {
    /// The id of the root tree of commit (or tag) `commit`: the "directory id" of the repository's
    /// top level, for comparing whole trees between commits the way `entry(at:path:)` compares
    /// subdirectories.
    /// - Throws: `GitError` when the object is missing or does not peel to a tree.
    public func rootTreeID(of commit: ObjectID) throws(GitError) -> ObjectID {
        let tree = try tree(of: commit)
        defer { git_tree_free(tree) }
        return ObjectID(git_tree_id(tree))
    }
}
