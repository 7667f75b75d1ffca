internal import Git

/// Reads the surface of `publish.entry` at every release for `ReleaseInventory`, sharing one
/// `ExportParseCache` (each distinct blob parsed once) and reusing a whole surface when the
/// package's directory tree is the same as at an earlier release (most releases do not touch
/// the SDK), so thousands of tags cost little more than their tree lookups.
struct ReleaseSurfaces {
    let repository: Repository
    /// `publish.entry`.
    let entry: String
    /// The manifest's directory: surfaces read entirely inside it are reused by its tree id.
    let packageDirectory: String
    private let cache = ExportParseCache()
    private let trees = GitTreeCache()
    private var byTree: [ObjectID: ExportSurface] = [:]

    init(repository: Repository, entry: String, packageDirectory: String) {
        self.repository = repository
        self.entry = entry
        self.packageDirectory = packageDirectory
    }

    /// The surface at `commit` of the release `tag`; `packageTree` is the tree id of the
    /// manifest's directory there, when known.
    mutating func surface(commit: ObjectID, tag: String, packageTree: ObjectID?) -> ExportSurface {
        let inside = packageDirectory.isEmpty ? "" : packageDirectory + "/"
        let reusable = packageTree != nil && entry.hasPrefix(inside)
        if reusable, let packageTree, let known = byTree[packageTree] { return known }
        let files = GitTreeFiles(repository: repository, commit: commit, label: tag, trees: trees)
        let surface = ExportReader(source: files, cache: cache).exports(entry: entry)
        // Warnings name the release, so only a clean surface read wholly inside the package is shared.
        if reusable, let packageTree, surface.found, surface.warnings.isEmpty, surface.files.allSatisfy({ $0.hasPrefix(inside) }) {
            byTree[packageTree] = surface
        }
        return surface
    }

    /// One line per kind of problem the surfaces met: the entry missing at releases (their cell is
    /// `—`), and `export *` that could not be followed (the first such warning quoted).
    static func warnings(_ releases: [ReleaseInventory.Release], entry: String) -> [String] {
        func list(_ tags: [String]) -> String {
            tags.count <= 3 ? tags.joined(separator: ", ") : "\(tags[0]), \(tags[1]), …, \(tags[tags.count - 1])"
        }
        var result: [String] = []
        let missing = releases.filter { $0.surface?.found == false }.map(\.tag)
        if !missing.isEmpty {
            result.append(
                "publish.entry \(entry) is missing at \(missing.count) mirror tag(s) (\(list(missing))): their Interface is \(LedgerRow.emptyCell)")
        }
        let partial = releases.filter { $0.surface?.found == true && !($0.surface?.warnings.isEmpty ?? true) }
        if let first = partial.first?.surface?.warnings.first {
            result.append(
                "\(partial.count) mirror tag(s) (\(list(partial.map(\.tag)))) export names that could not be followed, e.g. \(first)")
        }
        return result
    }

    /// The Interface cell of each release (oldest first, as `releases`), against the release
    /// before it: `.none` for the first, or when either side has no surface.
    static func cells(_ releases: [ReleaseInventory.Release]) -> [String: InterfaceCell] {
        var result: [String: InterfaceCell] = [:]
        var previous: ExportSurface??
        for release in releases where release.commit != nil {
            let current = release.surface.flatMap { $0.found ? $0 : nil }
            if let before = previous, let before, let current {
                let same = before.names == current.names && before.opaque == current.opaque
                result[release.tag] = same ? .unchanged : InterfaceDelta(base: before, release: current).cell
            } else {
                result[release.tag] = InterfaceCell.none
            }
            previous = .some(current)
        }
        return result
    }
}
