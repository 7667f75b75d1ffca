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

    /// The entries of tree `tree` by name (one level; directories are `.directory` entries whose
    /// id is their tree). Reading a tree by id lets a caller cache listings across commits.
    /// - Throws: `GitError` when `tree` is missing or not a tree.
    public func treeEntries(_ tree: ObjectID) throws(GitError) -> [String: TreeEntry] {
        var oid = tree.raw
        var object: OpaquePointer?
        try check(git_tree_lookup(&object, pointer, &oid), "read tree \(tree.short())")
        guard let object else {
            throw GitError(code: .notFound, message: "not found", operation: "read tree \(tree.short())")
        }
        defer { git_tree_free(object) }
        var entries: [String: TreeEntry] = [:]
        for index in 0..<git_tree_entrycount(object) {
            guard let entry = git_tree_entry_byindex(object, index), let name = git_tree_entry_name(entry) else { continue }
            entries[String(cString: name)] = TreeEntry(
                id: ObjectID(git_tree_entry_id(entry)), kind: TreeEntry.Kind(git_tree_entry_filemode(entry)))
        }
        return entries
    }
}

extension TreeEntry.Kind {
    /// The kind a tree entry's file mode names.
    init(_ mode: git_filemode_t) {
        switch mode {
        case GIT_FILEMODE_BLOB: self = .file
        case GIT_FILEMODE_BLOB_EXECUTABLE: self = .executable
        case GIT_FILEMODE_LINK: self = .symlink
        case GIT_FILEMODE_TREE: self = .directory
        case GIT_FILEMODE_COMMIT: self = .submodule
        default: self = .unknown
        }
    }
}
