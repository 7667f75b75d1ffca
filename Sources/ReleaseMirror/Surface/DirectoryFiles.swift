import Foundation

/// The files under a directory on disk (for example an unpacked or built package). Symbolic
/// links are followed only when they stay inside the directory. No content keys: files on disk
/// are parsed each time they are read.
public struct DirectoryFiles: SourceFiles, Sendable {
    /// The directory's absolute path, without a trailing `/`.
    public let root: String
    /// The largest file read, in bytes.
    public let limit: Int

    public var origin: String { root }

    /// Creates a source over `root` (relative paths are taken from the current directory).
    public init(root: String, limit: Int = GitTreeFiles.defaultLimit) {
        let absolute = URL(fileURLWithPath: root).standardizedFileURL.resolvingSymlinksInPath().path
        self.root = absolute.count > 1 && absolute.hasSuffix("/") ? String(absolute.dropLast()) : absolute
        self.limit = limit
    }

    /// The absolute path of `path` when it is a regular file inside the root, else `nil`.
    func resolved(_ path: String) -> String? {
        let full = URL(fileURLWithPath: root + "/" + path).resolvingSymlinksInPath().path
        guard full.hasPrefix(root + "/") else { return nil }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue else { return nil }
        return full
    }

    public func exists(_ path: String) -> Bool { resolved(path) != nil }

    public func contentKey(_ path: String) -> String? { nil }

    public func read(_ path: String) -> [UInt8]? {
        guard let full = resolved(path),
            let size = (try? FileManager.default.attributesOfItem(atPath: full))?[.size] as? Int, size <= limit,
            let data = FileManager.default.contents(atPath: full)
        else { return nil }
        return Array(data)
    }
}
