internal import Git

/// Which refs of the mirror the tool publishes to `mirror.remote` (and adopts from it).
struct ManagedRefs {
    let configuration: Configuration

    static let lastSyncRef = "refs/release-mirror/last-sync"

    /// Whether `name` is a ref the tool owns and publishes.
    func contains(_ name: String) -> Bool {
        if name.hasSuffix("^{}") { return false }  // ls-remote's peeled entries are not refs
        if name == "refs/heads/" + configuration.mirror.branch { return true }
        if name == Configuration.notesRef || name == ManagedRefs.lastSyncRef { return true }
        if name.hasPrefix("refs/release-mirror/quarantine/") || name.hasPrefix("refs/release-mirror/archive/") {
            return true
        }
        if name.hasPrefix("refs/tags/") {
            let short = String(name.dropFirst("refs/tags/".count))
            return configuration.upstream.releaseTags.value(in: short) != nil
                || configuration.publish.tag.value(in: short) != nil
        }
        if name.hasPrefix("refs/heads/") {
            return configuration.mirror.releaseBranch.value(in: String(name.dropFirst("refs/heads/".count))) != nil
        }
        return false
    }

    /// Whether a ref the remote advertises is worth taking as proof of what it has when choosing
    /// the objects a push sends: its branches (but not the thousands of release branches, which
    /// sit on the mirror branch's history like the tags), notes and records.
    func isNegotiationBase(_ name: String) -> Bool {
        if name.hasPrefix("refs/notes/") || name.hasPrefix("refs/release-mirror/") { return true }
        guard name.hasPrefix("refs/heads/") else { return false }
        return configuration.mirror.releaseBranch.value(in: String(name.dropFirst("refs/heads/".count))) == nil
    }

    /// Whether the ref is create-only (a tag or a record that never moves).
    static func isCreateOnly(_ name: String) -> Bool {
        name.hasPrefix("refs/tags/") || name.hasPrefix("refs/release-mirror/quarantine/")
            || name.hasPrefix("refs/release-mirror/archive/")
    }

    /// The managed refs present locally.
    ///
    /// One listing of every ref, filtered here: each libgit2 ref iteration copies the whole
    /// packed-refs table whatever its prefix, so one pass is cheaper than one per managed prefix.
    func local(in repository: Repository) throws(GitError) -> [String: ObjectID] {
        var result: [String: ObjectID] = [:]
        for ref in try repository.references(withPrefix: "refs/") where contains(ref.name) {
            if let target = ref.target { result[ref.name] = target }
        }
        return result
    }
}
