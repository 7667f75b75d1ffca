public import Git

/// The files of one commit, read as blobs through the Git layer (no checkout, no process).
/// Lookups are memoised per path and walk tree listings from a `GitTreeCache` (pass one cache to
/// the sources of many commits); `contentKey` is the blob id, so an `ExportParseCache` shared
/// across commits parses each distinct blob once.
///
/// Not `Sendable`: it borrows the repository, which is single-threaded.
public final class GitTreeFiles: SourceFiles {
    /// The largest file read, in bytes (built bundles can be a few MiB).
    public static let defaultLimit = 16 << 20

    let repository: Repository
    /// The commit whose tree is read.
    public let commit: ObjectID
    public let origin: String
    let limit: Int
    let trees: GitTreeCache
    private lazy var root: ObjectID? = try? repository.rootTreeID(of: commit)
    private var blobs: [String: ObjectID?] = [:]

    /// Creates a source over the tree of `commit` (a tag object is peeled by the Git layer).
    /// - Parameter label: how warnings name the commit, e.g. the tag; defaults to the short id.
    init(
        repository: Repository, commit: ObjectID, label: String? = nil, limit: Int = GitTreeFiles.defaultLimit,
        trees: GitTreeCache = GitTreeCache()
    ) {
        self.repository = repository
        self.trees = trees
        self.commit = commit
        self.limit = limit
        origin = label.map { "\($0) (\(commit.short()))" } ?? commit.short()
    }

    /// The blob id of the regular file at `path`, or `nil`.
    public func blobID(_ path: String) -> ObjectID? {
        if let known = blobs[path] { return known }
        var found: ObjectID?
        if let root, let entry = trees.entry(at: path, root: root, in: repository), entry.kind == .file || entry.kind == .executable {
            found = entry.id
        }
        blobs[path] = found
        return found
    }

    public func exists(_ path: String) -> Bool { blobID(path) != nil }

    public func contentKey(_ path: String) -> String? { blobID(path)?.hex }

    public func read(_ path: String) -> [UInt8]? {
        guard let id = blobID(path) else { return nil }
        return try? repository.blob(id, limit: limit)
    }
}
