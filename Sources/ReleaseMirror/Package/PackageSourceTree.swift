import Foundation
internal import Git

/// What `--source` holds, read from the file system: the package directory, its dist's files, its
/// LICENSE. Never follows a symbolic link out of the checkout.
struct PackageSourceTree {
    /// The checkout (absolute).
    let root: String
    /// The package directory inside it (relative; `""` is the root).
    let directory: String
    /// The dist directory inside the package directory (relative).
    let dist: String

    /// The package directory (absolute).
    var packagePath: String { directory.isEmpty ? root : root + "/" + directory }
    /// The dist directory (absolute).
    var distPath: String { packagePath + "/" + dist }

    /// A path relative to the package directory, made relative to the checkout (for messages).
    func inCheckout(_ path: String) -> String { directory.isEmpty ? path : directory + "/" + path }

    /// The dist's contents: regular files (relative to the package directory, with sizes) and
    /// anything that is neither a file nor a directory (symbolic links, devices).
    struct Listing {
        var files: [String: Int] = [:]
        var refused: [String] = []
    }

    /// Lists the dist; `nil` when it is not a directory.
    func listDist() -> Listing? {
        var isDirectory: ObjCBool = false
        guard !isSymlink(distPath), FileManager.default.fileExists(atPath: distPath, isDirectory: &isDirectory),
            isDirectory.boolValue
        else { return nil }
        var listing = Listing()
        walk(distPath, relative: dist, into: &listing)
        return listing
    }

    private func walk(_ path: String, relative: String, into listing: inout Listing) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        for name in names.sorted() {
            let full = path + "/" + name
            let rel = relative + "/" + name
            if let size = PackageSourceTree.regularFile(full) {
                listing.files[rel] = size
            } else if (try? FileManager.default.attributesOfItem(atPath: full))?[.type] as? FileAttributeType == .typeDirectory {
                walk(full, relative: rel, into: &listing)
            } else {
                listing.refused.append(rel)
            }
        }
    }

    private func isSymlink(_ path: String) -> Bool {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType) == .typeSymbolicLink
    }

    /// License file names looked for, in order (case-insensitively).
    static let licenseNames = ["LICENSE", "LICENSE.md", "LICENSE.txt", "LICENCE", "LICENCE.md", "LICENCE.txt", "COPYING"]

    /// The first LICENSE of the package directory, then of the checkout's root: its absolute path
    /// and its file name. Symbolic links are not taken.
    func findLicense() -> (path: String, name: String)? {
        for directory in [packagePath, root] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for wanted in PackageSourceTree.licenseNames {
                guard let name = names.first(where: { $0.caseInsensitiveCompare(wanted) == .orderedSame }) else { continue }
                let path = directory + "/" + name
                if PackageSourceTree.regularFile(path) != nil { return (path, name) }
            }
        }
        return nil
    }

    /// The commit checked out at `root` when it is a git work tree (its own `.git`, parents not
    /// searched), else `nil`.
    static func checkedOutCommit(_ root: String) -> ObjectID? {
        guard FileManager.default.fileExists(atPath: root + "/.git"), let repository = try? Repository.open(at: root) else { return nil }
        return try? repository.resolve("HEAD")
    }

    /// The bytes of a file inside the checkout (relative path), or `nil` when it is not a regular file.
    func read(_ relative: String, limit: Int = 1 << 20) -> [UInt8]? {
        let path = root + "/" + relative
        guard let size = PackageSourceTree.regularFile(path), size <= limit, let data = FileManager.default.contents(atPath: path)
        else { return nil }
        return Array(data)
    }

    /// The size of `path` when it is a regular file (not followed when it is a symbolic link), else `nil`.
    static func regularFile(_ path: String) -> Int? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            attributes[.type] as? FileAttributeType == .typeRegular
        else { return nil }
        return attributes[.size] as? Int ?? 0
    }
}
