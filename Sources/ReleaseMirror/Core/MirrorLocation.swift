import Foundation
internal import Git

/// Checks that `mirror.repository` is somewhere a mirror may live before anything opens or
/// creates it there: an existing git repository, nothing yet, or an empty directory. A file, or a
/// directory holding other things, is refused (exit 2) and nothing is created in it.
struct MirrorLocation {
    let configuration: Configuration

    /// What a bare repository holds, also while another run is still creating it (several syncs
    /// started at once on a new mirror).
    static let repositoryEntries: Set<String> = [
        "HEAD", "config", "description", "hooks", "info", "objects", "refs", "branches", "packed-refs", "FETCH_HEAD",
        "logs", "release-mirror",
    ]

    /// A name a (possibly half-created) bare repository holds: its files, lock files, and the
    /// `_git2_…` probe files libgit2 writes while initialising one.
    static func isRepositoryEntry(_ name: String) -> Bool {
        repositoryEntries.contains(name) || name.hasSuffix(".lock") || name.hasPrefix("_git2_")
    }

    func check() throws(MirrorError) {
        let path = configuration.mirror.repository
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw refusal("\(path) is a file, not a git repository; name the mirror's repository directory, e.g. \"mirror.git\"")
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        let foreign = entries.filter { !Self.isRepositoryEntry($0) }.sorted()
        guard !foreign.isEmpty else { return }
        if (try? Repository.open(at: path)) != nil { return }  // a work tree with its .git
        let shown = foreign.prefix(3).joined(separator: ", ") + (foreign.count > 3 ? ", …" : "")
        throw refusal(
            "\(path) is not a git repository and not empty (it holds \(shown)); nothing was created in it. "
                + "Point mirror.repository at an existing git repository, or at a new or empty directory (e.g. \"mirror.git\")")
    }

    private func refusal(_ message: String) -> MirrorError {
        .configuration(file: configuration.file, line: 0, key: "mirror.repository", message: message)
    }
}
