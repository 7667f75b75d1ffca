internal import Git

/// Tree listings by tree id, shared by the `GitTreeFiles` of many commits: a directory that did
/// not change between releases is read once, so resolving paths in thousands of commits costs
/// one listing per distinct tree on the way.
///
/// Not `Sendable`: one cache serves one thread (the repository it reads is single-threaded).
public final class GitTreeCache {
    private var listings: [ObjectID: [String: TreeEntry]] = [:]

    /// An empty cache.
    public init() {}

    /// The entries of `tree`, or `nil` when it cannot be read.
    func entries(of tree: ObjectID, in repository: Repository) -> [String: TreeEntry]? {
        if let known = listings[tree] { return known }
        guard let entries = try? repository.treeEntries(tree) else { return nil }
        listings[tree] = entries
        return entries
    }

    /// The entry at `path` (`/`-separated) below the tree `root`, or `nil`.
    func entry(at path: String, root: ObjectID, in repository: Repository) -> TreeEntry? {
        var tree = root
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        for (index, part) in parts.enumerated() {
            guard let entry = entries(of: tree, in: repository)?[String(part)] else { return nil }
            if index == parts.count - 1 { return entry }
            guard entry.kind == .directory else { return nil }
            tree = entry.id
        }
        return nil
    }
}
