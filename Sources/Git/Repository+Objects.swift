import Clibgit2

extension Repository {
    /// Looks up any object; the caller frees it.
    func lookupObject(_ id: ObjectID, _ operation: @autoclosure () -> String) throws(GitError) -> OpaquePointer {
        var oid = id.raw
        var object: OpaquePointer?
        try check(git_object_lookup(&object, pointer, &oid, GIT_OBJECT_ANY), operation())
        guard let object else {
            throw GitError(code: .notFound, message: "object not found", operation: operation())
        }
        return object
    }

    /// Whether the object exists in the object database.
    public func contains(_ id: ObjectID) -> Bool {
        var odb: OpaquePointer?
        guard git_repository_odb(&odb, pointer) == 0, let odb else { return false }
        defer { git_odb_free(odb) }
        var oid = id.raw
        return git_odb_exists(odb, &oid) == 1
    }

    /// The kind of the object `id`.
    public func kind(of id: ObjectID) throws(GitError) -> ObjectKind {
        let object = try lookupObject(id, "read object \(id.short())")
        defer { git_object_free(object) }
        return ObjectKind(git_object_type(object))
    }

    /// Peels `id` (a tag object, possibly nested, or a commit) to the commit it names.
    /// - Throws: `GitError` when the object is missing or does not peel to a commit.
    public func peelToCommit(_ id: ObjectID) throws(GitError) -> ObjectID {
        let object = try lookupObject(id, "peel \(id.short()) to a commit")
        defer { git_object_free(object) }
        var peeled: OpaquePointer?
        try check(git_object_peel(&peeled, object, GIT_OBJECT_COMMIT), "peel \(id.short()) to a commit")
        guard let peeled else {
            throw GitError(code: .invalid, message: "not a commit", operation: "peel \(id.short())")
        }
        defer { git_object_free(peeled) }
        return ObjectID(git_object_id(peeled))
    }

    /// Resolves a revision expression (`HEAD`, a ref name, a sha or short sha, `tag^{commit}`).
    public func resolve(_ revision: String) throws(GitError) -> ObjectID {
        var object: OpaquePointer?
        try check(git_revparse_single(&object, pointer, revision), "resolve '\(revision)'")
        guard let object else {
            throw GitError(code: .notFound, message: "not found", operation: "resolve '\(revision)'")
        }
        defer { git_object_free(object) }
        return ObjectID(git_object_id(object))
    }

    /// Whether commit `descendant` contains commit `ancestor` in its history. Unlike libgit2's
    /// `git_graph_descendant_of`, a commit counts as its own descendant.
    public func isDescendant(_ descendant: ObjectID, of ancestor: ObjectID) throws(GitError) -> Bool {
        if descendant == ancestor { return true }
        var a = descendant.raw
        var b = ancestor.raw
        let rc = git_graph_descendant_of(pointer, &a, &b)
        try check(rc, "check whether \(descendant.short()) descends from \(ancestor.short())")
        return rc == 1
    }

    /// The best common ancestor of two commits, or `nil` when they share no history.
    public func mergeBase(_ a: ObjectID, _ b: ObjectID) throws(GitError) -> ObjectID? {
        var out = git_oid()
        var x = a.raw
        var y = b.raw
        let rc = git_merge_base(&out, pointer, &x, &y)
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try check(rc, "merge base of \(a.short()) and \(b.short())")
        return ObjectID(out)
    }

    /// How many commits `local` has that `upstream` lacks (`ahead`) and the reverse (`behind`).
    public func aheadBehind(_ local: ObjectID, _ upstream: ObjectID) throws(GitError) -> (ahead: Int, behind: Int) {
        var ahead = 0
        var behind = 0
        var l = local.raw
        var u = upstream.raw
        try check(
            git_graph_ahead_behind(&ahead, &behind, pointer, &l, &u),
            "count commits between \(local.short()) and \(upstream.short())")
        return (ahead, behind)
    }

    /// Summary, time and parents of a commit.
    public func commit(_ id: ObjectID) throws(GitError) -> CommitInfo {
        var oid = id.raw
        var commit: OpaquePointer?
        try check(git_commit_lookup(&commit, pointer, &oid), "read commit \(id.short())")
        guard let commit else {
            throw GitError(code: .notFound, message: "not found", operation: "read commit \(id.short())")
        }
        defer { git_commit_free(commit) }
        let summary = git_commit_summary(commit).map { String(cString: $0) } ?? ""
        var parents: [ObjectID] = []
        for index in 0..<git_commit_parentcount(commit) {
            if let parent = git_commit_parent_id(commit, index) { parents.append(ObjectID(parent)) }
        }
        return CommitInfo(id: id, summary: summary, time: git_commit_time(commit), parents: parents)
    }

    /// The fields of an annotated tag object, or `nil` when `id` is not a tag object.
    public func tag(_ id: ObjectID) throws(GitError) -> TagInfo? {
        let object = try lookupObject(id, "read tag \(id.short())")
        defer { git_object_free(object) }
        guard git_object_type(object) == GIT_OBJECT_TAG else { return nil }
        let name = String(cString: git_tag_name(object))
        let message = git_tag_message(object).map { String(cString: $0) } ?? ""
        return TagInfo(id: id, name: name, target: ObjectID(git_tag_target_id(object)), message: message)
    }

    /// The entry at `path` in the tree of commit (or tag) `commit`, or `nil` when the path is absent.
    public func entry(at commit: ObjectID, path: String) throws(GitError) -> TreeEntry? {
        let tree = try tree(of: commit)
        defer { git_tree_free(tree) }
        var entry: OpaquePointer?
        let rc = git_tree_entry_bypath(&entry, tree, path)
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try check(rc, "read '\(path)' at \(commit.short())")
        guard let entry else { return nil }
        defer { git_tree_entry_free(entry) }
        return TreeEntry(id: ObjectID(git_tree_entry_id(entry)), kind: TreeEntry.Kind(git_tree_entry_filemode(entry)))
    }

    /// The root tree of a commit (peeling tags); the caller frees it.
    func tree(of commit: ObjectID) throws(GitError) -> OpaquePointer {
        let object = try lookupObject(commit, "read tree of \(commit.short())")
        defer { git_object_free(object) }
        var tree: OpaquePointer?
        try check(git_object_peel(&tree, object, GIT_OBJECT_TREE), "read tree of \(commit.short())")
        guard let tree else {
            throw GitError(code: .invalid, message: "no tree", operation: "read tree of \(commit.short())")
        }
        return tree
    }

    /// The contents of blob `id`.
    /// - Parameter limit: refuse blobs larger than this many bytes (`GitError.tooLargeCode`).
    public func blob(_ id: ObjectID, limit: Int = .max) throws(GitError) -> [UInt8] {
        var oid = id.raw
        var blob: OpaquePointer?
        try check(git_blob_lookup(&blob, pointer, &oid), "read blob \(id.short())")
        guard let blob else { return [] }
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        if size > limit {
            throw GitError(
                code: .tooLarge,
                message: "blob is \(size) bytes, more than the \(limit)-byte limit",
                operation: "read blob \(id.short())")
        }
        guard size > 0, let raw = git_blob_rawcontent(blob) else { return [] }
        return Array(UnsafeRawBufferPointer(start: raw, count: size))
    }

    /// Writes an annotated tag object (no ref) named `name` on `target`; returns the tag object's id.
    /// Create the ref with `createReference("refs/tags/" + name, …)` so the write stays create-only.
    public func createTagObject(
        name: String, target: ObjectID, message: String, taggerName: String, taggerEmail: String
    ) throws(GitError) -> ObjectID {
        let object = try lookupObject(target, "tag \(target.short())")
        defer { git_object_free(object) }
        var signature: UnsafeMutablePointer<git_signature>?
        try check(git_signature_now(&signature, taggerName, taggerEmail), "make tagger signature")
        defer { git_signature_free(signature) }
        var out = git_oid()
        try check(
            git_tag_annotation_create(&out, pointer, name, object, signature, message),
            "write tag object '\(name)'")
        return ObjectID(out)
    }
}

extension Repository {
    /// The full message of a commit.
    public func rawCommitMessage(_ id: ObjectID) throws(GitError) -> String {
        var oid = id.raw
        var commit: OpaquePointer?
        try check(git_commit_lookup(&commit, pointer, &oid), "read commit \(id.short())")
        guard let commit else { return "" }
        defer { git_commit_free(commit) }
        return git_commit_message(commit).map { String(cString: $0) } ?? ""
    }
}
