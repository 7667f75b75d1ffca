import Clibgit2
import MirrorSystem

extension Repository {
    /// Every ref whose name starts with `prefix` (e.g. `refs/tags/`), sorted by name.
    public func references(withPrefix prefix: String) throws(GitError) -> [Reference] {
        var iterator: OpaquePointer?
        try check(git_reference_iterator_glob_new(&iterator, pointer, prefix + "*"), "list refs '\(prefix)*'")
        guard let iterator else { return [] }
        defer { git_reference_iterator_free(iterator) }
        var result: [Reference] = []
        while true {
            var ref: OpaquePointer?
            let rc = git_reference_next(&ref, iterator)
            if rc == GIT_ITEROVER.rawValue { break }
            try check(rc, "list refs '\(prefix)*'")
            guard let ref else { continue }
            defer { git_reference_free(ref) }
            let name = String(cString: git_reference_name(ref))
            guard name.hasPrefix(prefix) else { continue }
            result.append(try describe(ref, name: name))
        }
        return result.sorted { $0.name < $1.name }
    }

    /// The object a ref points at (resolving symbolic refs), or `nil` when the ref does not exist.
    public func referenceTarget(_ name: String) throws(GitError) -> ObjectID? {
        var oid = git_oid()
        let rc = git_reference_name_to_id(&oid, pointer, name)
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try check(rc, "read ref '\(name)'")
        return ObjectID(oid)
    }

    /// The ref named `name`, or `nil` when it does not exist.
    public func reference(_ name: String) throws(GitError) -> Reference? {
        var ref: OpaquePointer?
        let rc = git_reference_lookup(&ref, pointer, name)
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try check(rc, "read ref '\(name)'")
        guard let ref else { return nil }
        defer { git_reference_free(ref) }
        return try describe(ref, name: name)
    }

    private func describe(_ ref: OpaquePointer, name: String) throws(GitError) -> Reference {
        if git_reference_type(ref) == GIT_REFERENCE_SYMBOLIC {
            let symbolic = String(cString: git_reference_symbolic_target(ref))
            return Reference(name: name, target: try referenceTarget(symbolic), symbolicTarget: symbolic)
        }
        guard let target = git_reference_target(ref) else { return Reference(name: name, target: nil) }
        return Reference(name: name, target: ObjectID(target))
    }

    /// Whether `name` is a valid full ref name (`refs/...`, no `..`, `@{`, control characters, …).
    public static func isValidReferenceName(_ name: String) -> Bool {
        Libgit2.ensureInitialized()
        var valid: Int32 = 0
        guard git_reference_name_is_valid(&valid, name) == 0 else { return false }
        return valid == 1
    }

    /// Creates `name` at `target` only if it does not exist yet. Never overwrites.
    /// - Returns: `.created`, or `.exists(current)` when a ref of that name already exists.
    @discardableResult
    public func createReference(_ name: String, target: ObjectID, message: String) throws(GitError) -> CreateOutcome {
        try Interruption.shared.critical { () throws(GitError) -> CreateOutcome in
            var oid = target.raw
            var ref: OpaquePointer?
            let rc = git_reference_create(&ref, pointer, name, &oid, 0, message)
            if rc == GIT_EEXISTS.rawValue {
                guard let current = try referenceTarget(name) else {
                    throw GitError.last(rc, "create ref '\(name)'")
                }
                return .exists(current)
            }
            try check(rc, "create ref '\(name)'")
            git_reference_free(ref)
            return .created
        }
    }

    /// Moves `name` from `expected` to `target` atomically; fails with `isModified` when the ref no
    /// longer points at `expected` (someone else moved it).
    public func updateReference(
        _ name: String, to target: ObjectID, expecting expected: ObjectID, message: String
    ) throws(GitError) {
        try Interruption.shared.critical { () throws(GitError) -> Void in
            var new = target.raw
            var old = expected.raw
            var ref: OpaquePointer?
            try check(
                git_reference_create_matching(&ref, pointer, name, &new, 1, &old, message),
                "update ref '\(name)' from \(expected.short()) to \(target.short())")
            git_reference_free(ref)
        }
    }

    /// Packs every loose ref into `packed-refs` (`git pack-refs --all`): one file instead of one per
    /// ref, so listing thousands of tags reads one file. Safe against concurrent writers and
    /// crashes: `packed-refs` is written under `packed-refs.lock` and renamed into place, then
    /// each loose ref is removed under its own lock and only if it still holds the packed value;
    /// a crash in between leaves a ref both loose and packed, with the same value.
    public func packReferences() throws(GitError) {
        try Interruption.shared.critical { () throws(GitError) -> Void in
            var refdb: OpaquePointer?
            try check(git_repository_refdb(&refdb, pointer), "open the ref database")
            guard let refdb else { return }
            defer { git_refdb_free(refdb) }
            try check(git_refdb_compress(refdb), "pack refs into packed-refs")
        }
    }

    /// Applies several create-only / compare-and-swap ref updates under one libgit2 transaction:
    /// every ref is locked first, every expectation checked under the locks, and only then are the
    /// refs written. If any expectation fails, nothing is written.
    public func updateReferences(_ updates: [ReferenceUpdate], message: String) throws(GitError) {
        try Interruption.shared.critical { () throws(GitError) -> Void in
            guard !updates.isEmpty else { return }
            var tx: OpaquePointer?
            try check(git_transaction_new(&tx, pointer), "begin ref transaction")
            guard let tx else { return }
            defer { git_transaction_free(tx) }
            for update in updates {
                try check(git_transaction_lock_ref(tx, update.name), "lock ref '\(update.name)'")
            }
            for update in updates {
                let current = try referenceTarget(update.name)
                switch update.expected {
                case .absent where current != nil:
                    throw GitError(
                        code: .exists, errorClass: Int32(GIT_ERROR_REFERENCE.rawValue),
                        message: "a reference with that name already exists (at \(current!.short()))",
                        operation: "create ref '\(update.name)'")
                case .equals(let expected) where current != expected:
                    throw GitError(
                        code: .modified, errorClass: Int32(GIT_ERROR_REFERENCE.rawValue),
                        message: "expected \(expected.short()), found \(current?.short() ?? "no ref")",
                        operation: "update ref '\(update.name)'")
                default:
                    break
                }
                var oid = update.target.raw
                try check(git_transaction_set_target(tx, update.name, &oid, nil, message), "set ref '\(update.name)'")
            }
            try check(git_transaction_commit(tx), "commit ref transaction")
        }
    }
}

extension Repository {
    /// The URL of the remote named `name` in this repository's configuration (push URL first),
    /// or `nil` when no such remote is configured.
    public func configuredRemoteURL(named name: String) throws(GitError) -> String? {
        var remote: OpaquePointer?
        let rc = git_remote_lookup(&remote, pointer, name)
        if rc == GIT_ENOTFOUND.rawValue || rc == GIT_EINVALIDSPEC.rawValue { return nil }
        try check(rc, "look up remote '\(name)'")
        guard let remote else { return nil }
        defer { git_remote_free(remote) }
        if let push = git_remote_pushurl(remote) { return String(cString: push) }
        return git_remote_url(remote).map { String(cString: $0) }
    }

    /// Writes a commit with an empty tree (a record, not content) and returns its id. The ref is not
    /// touched: move it with `createReference` / `updateReference`.
    public func createRecordCommit(message: String, parents: [ObjectID], authorName: String, authorEmail: String)
        throws(GitError) -> ObjectID
    {
        var builder: OpaquePointer?
        try check(git_treebuilder_new(&builder, pointer, nil), "write empty tree")
        defer { git_treebuilder_free(builder) }
        var treeID = git_oid()
        try check(git_treebuilder_write(&treeID, builder), "write empty tree")
        var tree: OpaquePointer?
        try check(git_tree_lookup(&tree, pointer, &treeID), "read empty tree")
        defer { git_tree_free(tree) }
        var signature: UnsafeMutablePointer<git_signature>?
        try check(git_signature_now(&signature, authorName, authorEmail), "make signature")
        defer { git_signature_free(signature) }
        var parentHandles: [OpaquePointer?] = []
        defer { for parent in parentHandles { git_commit_free(parent) } }
        for parent in parents {
            var oid = parent.raw
            var handle: OpaquePointer?
            try check(git_commit_lookup(&handle, pointer, &oid), "read commit \(parent.short())")
            parentHandles.append(handle)
        }
        var out = git_oid()
        let rc = parentHandles.withUnsafeMutableBufferPointer { buffer in
            git_commit_create(
                &out, pointer, nil, signature, signature, "UTF-8", message, tree, buffer.count,
                buffer.baseAddress)
        }
        try check(rc, "write record commit")
        return ObjectID(out)
    }
}
