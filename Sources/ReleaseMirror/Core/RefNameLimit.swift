/// Whether a ref name can exist as a file. git may keep any valid name in packed-refs, but every
/// write of a ref (and libgit2's fetch of one) goes through a loose file and its `.lock`, one path
/// component per `/`-separated part: a part longer than the file system's 255-byte name limit minus
/// `.lock`, or a name longer than what fits under PATH_MAX beside the git directory, cannot be
/// written, and one such upstream tag would fail the whole fetch. Pure.
public enum RefNameLimit {
    /// The longest part between slashes, in bytes: 255 (NAME_MAX) less ".lock".
    public static let maxComponentBytes = 250
    /// The longest whole name, in bytes: half of PATH_MAX (4096), leaving room for the git directory.
    public static let maxNameBytes = 2048

    /// Why `ref` cannot be written as a file, or `nil` when it can.
    public static func problem(_ ref: String) -> String? {
        if ref.utf8.count > maxNameBytes {
            return "is \(ref.utf8.count) bytes long; a ref file's path holds at most \(maxNameBytes)"
        }
        for part in ref.split(separator: "/") where part.utf8.count > maxComponentBytes {
            let start = String(part.prefix(24))
            return "has a part of \(part.utf8.count) bytes (\"\(start)…\"); a file system holds at most 255 per file name, "
                + "\(maxComponentBytes) with git's .lock"
        }
        return nil
    }

    /// Whether `ref` can be written as a file.
    public static func fits(_ ref: String) -> Bool { problem(ref) == nil }
}
