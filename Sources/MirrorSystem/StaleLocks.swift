import Foundation

/// Lock files a crashed writer left in a git directory. libgit2 (like git) writes a ref by creating
/// `<ref>.lock` exclusively, writing, and renaming it into place; a process killed in between (even
/// by `kill -9`) leaves the `.lock` behind, and every later write of that ref fails with
/// `GIT_ELOCKED` until someone removes it. The ref itself is never half-written: either the old
/// value or the new one is in place.
public enum StaleLocks {
    /// Lock files that are stale without any doubt after this long (no ref write takes minutes).
    public static let maximumAge: TimeInterval = 600

    /// The lock files under `gitDirectory` a writer may leave: `refs/**/*.lock`, `packed-refs.lock`,
    /// `HEAD.lock`, and in `objects/pack/` the index locks and `pack_git2_*` temporary packs of an
    /// interrupted fetch (garbage that blocks nothing, but is never cleaned up otherwise).
    public static func find(in gitDirectory: String) -> [String] {
        var found: [String] = []
        for name in ["packed-refs.lock", "HEAD.lock"] where FileManager.default.fileExists(atPath: gitDirectory + "/" + name) {
            found.append(name)
        }
        if let walker = FileManager.default.enumerator(atPath: gitDirectory + "/refs") {
            while let path = walker.nextObject() as? String {
                if path.hasSuffix(".lock") { found.append("refs/" + path) }
            }
        }
        let packs = (try? FileManager.default.contentsOfDirectory(atPath: gitDirectory + "/objects/pack")) ?? []
        for name in packs where name.hasSuffix(".lock") || name.hasPrefix("pack_git2_") {
            found.append("objects/pack/" + name)
        }
        return found.sorted()
    }

    /// Removes the ref lock files a crashed run left: all of them when `previousRunCrashed` (the
    /// caller holds the run lock, which the crashed run held while it wrote), otherwise only those
    /// older than `maximumAge` (left by some other crashed writer long ago).
    /// - Returns: the paths removed, relative to `gitDirectory`.
    @discardableResult
    public static func removeStale(in gitDirectory: String, previousRunCrashed: Bool, now: Date = Date()) -> [String] {
        var removed: [String] = []
        for relative in find(in: gitDirectory) {
            let path = gitDirectory + "/" + relative
            if !previousRunCrashed {
                guard let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date,
                    now.timeIntervalSince(modified) > maximumAge
                else { continue }
            }
            if (try? FileManager.default.removeItem(atPath: path)) != nil { removed.append(relative) }
        }
        return removed
    }
}
