import Clibgit2

extension Repository {
    /// Every file (regular or executable blob) named `name` anywhere in the tree of `commit`, with
    /// its path and blob id, in tree order. Submodules are not entered.
    public func files(named name: String, at commit: ObjectID) throws(GitError) -> [(path: String, id: ObjectID)] {
        let tree = try tree(of: commit)
        defer { git_tree_free(tree) }
        let collector = FileCollector(name: name)
        let payload = Unmanaged.passUnretained(collector).toOpaque()
        let rc = git_tree_walk(
            tree, GIT_TREEWALK_PRE,
            { root, entry, payload in
                guard let entry, let payload, let root else { return 0 }
                let collector = Unmanaged<FileCollector>.fromOpaque(payload).takeUnretainedValue()
                let mode = git_tree_entry_filemode(entry)
                guard mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE,
                    let entryName = git_tree_entry_name(entry), String(cString: entryName) == collector.name
                else { return 0 }
                collector.found.append((String(cString: root) + collector.name, ObjectID(git_tree_entry_id(entry))))
                return 0
            }, payload)
        try check(rc, "list the files named \(name) at \(commit.short())")
        return withExtendedLifetime(collector) { collector.found }
    }
}

/// The walk's payload: the file name sought and what was found. Used on one thread only, for the
/// duration of one `git_tree_walk` call.
private final class FileCollector {
    let name: String
    var found: [(path: String, id: ObjectID)] = []
    init(name: String) { self.name = name }
}
