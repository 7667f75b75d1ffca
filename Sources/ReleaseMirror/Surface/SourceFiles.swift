/// Where `ExportReader` reads module files from. Paths are relative to the source's root,
/// `/`-separated and normalised (no `.`, `..` or leading `/`); the reader never asks for a path
/// outside the root.
///
/// Two implementations: `GitTreeFiles` (the blobs of one commit, no checkout) and
/// `DirectoryFiles` (a directory on disk, e.g. a built package's `dist/`).
public protocol SourceFiles {
    /// Where the files come from, for warnings: `"v1.2.0 (1a2b3c4d5e6f)"` or a directory path.
    var origin: String { get }

    /// Whether a regular file exists at `path` (directories and symbolic links do not count).
    func exists(_ path: String) -> Bool

    /// A key that changes whenever the file's contents change (a blob id), or `nil` when the
    /// source cannot tell cheaply. The reader caches parsed files under it.
    func contentKey(_ path: String) -> String?

    /// The file's bytes, or `nil` when there is no regular file at `path` or it cannot be read
    /// (for example, larger than the source's size limit).
    func read(_ path: String) -> [UInt8]?
}
