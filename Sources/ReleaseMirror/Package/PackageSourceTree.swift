import Foundation

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
            let type = (try? FileManager.default.attributesOfItem(atPath: full))?[.type] as? FileAttributeType
            switch type {
            case .typeRegular?:
                let size = (try? FileManager.default.attributesOfItem(atPath: full))?[.size] as? Int ?? 0
                listing.files[rel] = size
            case .typeDirectory?: walk(full, relative: rel, into: &listing)
            default: listing.refused.append(rel)
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
                let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
                if type == .typeRegular { return (path, name) }
            }
        }
        return nil
    }

    /// The bytes of a file inside the checkout (relative path), or `nil` when it is not a regular file.
    func read(_ relative: String, limit: Int = 1 << 20) -> [UInt8]? {
        let path = root + "/" + relative
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard attributes?[.type] as? FileAttributeType == .typeRegular, (attributes?[.size] as? Int ?? 0) <= limit,
            let data = FileManager.default.contents(atPath: path)
        else { return nil }
        return Array(data)
    }
}
