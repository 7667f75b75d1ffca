import Foundation

/// Writes a package directory fail-closed: everything goes into a hidden sibling of `--out` first,
/// which is renamed to `--out` only when complete; on any failure it is removed, so `--out` never
/// holds a partial package.
struct PackageAssembler {
    /// The directory to create (absolute).
    let out: String

    /// Refuses an `--out` that exists and is not an empty directory, or whose parent is missing.
    static func checkOut(_ out: String) throws(MirrorError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory) {
            let empty = isDirectory.boolValue && ((try? FileManager.default.contentsOfDirectory(atPath: out))?.isEmpty ?? false)
            guard empty else {
                throw .usage("--out \(out): already exists and is not an empty directory; give a new path (nothing is overwritten)")
            }
        }
        let parent = (out as NSString).deletingLastPathComponent
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .usage("--out \(out): its parent directory \(parent) does not exist; create it first")
        }
    }

    /// One file to write: its path in the package, and its bytes or the file to copy.
    enum Content {
        case text(String)
        case copy(String)
    }

    /// Copies `dist` (absolute path, to `distName`) and writes `files`, then renames the whole into place.
    /// - Returns: every file of the package with its size, sorted by path.
    func assemble(dist: String, distName: String, files: [(String, Content)]) throws(MirrorError) -> [PackageResult.File] {
        let manager = FileManager.default
        let parent = (out as NSString).deletingLastPathComponent
        let staging = parent + "/.\((out as NSString).lastPathComponent).partial-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        do {
            try manager.createDirectory(atPath: staging, withIntermediateDirectories: false)
            let distTarget = staging + "/" + distName
            try manager.createDirectory(
                atPath: (distTarget as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try manager.copyItem(atPath: dist, toPath: distTarget)
            for (name, content) in files {
                let target = staging + "/" + name
                switch content {
                case .text(let text): try Data(text.utf8).write(to: URL(fileURLWithPath: target))
                case .copy(let source): try manager.copyItem(atPath: source, toPath: target)
                }
            }
            let listing = PackageAssembler.list(staging)
            guard rename(staging, out) == 0 else {
                throw MirrorError.io(path: out, message: "cannot move the package into place: \(String(cString: strerror(errno)))")
            }
            return listing
        } catch {
            try? manager.removeItem(atPath: staging)
            if let error = error as? MirrorError { throw error }
            throw .io(path: out, message: "cannot write the package (\(error.localizedDescription)); nothing was left in --out")
        }
    }

    /// Every regular file under `directory`, relative, sorted, with sizes.
    static func list(_ directory: String) -> [PackageResult.File] {
        var files: [PackageResult.File] = []
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        while let relative = enumerator.nextObject() as? String {
            let attributes = try? FileManager.default.attributesOfItem(atPath: directory + "/" + relative)
            guard attributes?[.type] as? FileAttributeType == .typeRegular else { continue }
            files.append(PackageResult.File(path: relative, size: attributes?[.size] as? Int ?? 0))
        }
        return files.sorted { $0.path < $1.path }
    }
}
