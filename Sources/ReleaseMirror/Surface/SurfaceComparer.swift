internal import Git

/// `release-mirror surface REF [BASE]`: reads the exported names of `publish.entry` at two
/// commits of the mirror and compares them. Reads blobs only; writes nothing.
public struct SurfaceComparer {
    let workspace: MirrorWorkspace

    /// Creates a comparer for the workspace's mirror.
    public init(workspace: MirrorWorkspace) { self.workspace = workspace }

    /// Compares REF with BASE; without BASE, with the mirror tag before REF by version (REF a
    /// mirror tag), or the newest mirror tag older than REF's commit's tags otherwise.
    /// - Throws: `MirrorError.usage` when `publish.entry` is `""` or a revision does not resolve.
    /// - Parameter mirrorTag: require REF to be a mirror tag (for `ledger notes`).
    public func compare(ref: String, base: String? = nil, mirrorTag: Bool = false) throws(MirrorError) -> SurfaceComparison {
        let configuration = workspace.configuration
        let entry = configuration.publish.entry
        guard !entry.isEmpty else {
            throw .configuration(
                file: configuration.file, line: 0, key: "publish.entry",
                message: "is \"\" (the interface delta is off); set it to the SDK's entry module, "
                    + "e.g. \"\(Configuration.Publish.defaultEntry)\"")
        }
        var light = configuration
        light.publish.entry = ""
        let inventory: ReleaseInventory
        do {
            inventory = try ReleaseInventory.read(repository: workspace.repository, configuration: light)
        } catch {
            throw workspace.failure(error, "read the mirror's releases")
        }
        if mirrorTag, inventory.release(ref)?.commit == nil {
            let pattern = configuration.upstream.releaseTags
            throw .usage(
                "\(ref) is not a mirror tag (upstream.release-tags = \"\(pattern)\"); "
                    + "pass one such as \(inventory.releases.last?.tag ?? pattern.name(for: "1.2.3"))")
        }
        let commit = try resolve(ref, inventory: inventory)
        let baseName = base ?? SurfaceComparer.previous(of: ref, commit: commit, in: inventory)
        let baseCommit = try baseName.map { name throws(MirrorError) in try resolve(name, inventory: inventory) }

        let cache = ExportParseCache()
        let trees = GitTreeCache()
        func read(_ commit: ObjectID, _ label: String) -> ExportSurface {
            let files = GitTreeFiles(repository: workspace.repository, commit: commit, label: label, trees: trees)
            return ExportReader(source: files, cache: cache).exports(entry: entry)
        }
        let surface = read(commit, ref)
        var baseSurface: ExportSurface?
        if let baseCommit, let baseName { baseSurface = read(baseCommit, baseName) }
        var delta: InterfaceDelta?
        if let baseSurface, baseSurface.found, surface.found { delta = InterfaceDelta(base: baseSurface, release: surface) }
        let manifests = ManifestReader(repository: workspace.repository, path: configuration.publish.manifest)
        func sdk(_ commit: ObjectID?, _ name: String?) -> String? {
            guard let commit, let name, case .success(let manifest)? = try? manifests.read(commit: commit, ref: name) else { return nil }
            return manifest.version.description
        }
        return SurfaceComparison(
            entry: entry, ref: ref, commit: commit, base: baseName, baseCommit: baseCommit, surface: surface,
            baseSurface: baseSurface, delta: delta, sdkVersion: sdk(commit, ref), baseSDKVersion: sdk(baseCommit, baseName))
    }

    /// A mirror tag's commit, else any revision git understands (`HEAD`, a branch, a sha).
    func resolve(_ name: String, inventory: ReleaseInventory) throws(MirrorError) -> ObjectID {
        if let release = inventory.release(name), let commit = release.commit { return commit }
        do {
            return try workspace.repository.peelToCommit(try workspace.repository.resolve(name))
        } catch {
            throw .usage(
                "\(name) is neither a mirror tag nor a revision of \(workspace.configuration.mirror.repository) "
                    + "(\(error.message)); pass a tag like \(inventory.releases.last?.tag ?? "the newest mirror tag")")
        }
    }

    /// The base for `ref`: the mirror tag before it by version when it is a mirror tag, else the
    /// newest mirror tag not on `commit` (so `surface HEAD` compares against the latest release).
    static func previous(of ref: String, commit: ObjectID, in inventory: ReleaseInventory) -> String? {
        let releases = inventory.releases.filter { $0.commit != nil }
        if let index = releases.firstIndex(where: { $0.tag == ref }) {
            return index > 0 ? releases[index - 1].tag : nil
        }
        return releases.last { $0.commit != commit }?.tag
    }

    /// The interface note of mirror tag `tag` (against the mirror tag before it) and its comparison.
    public func notes(tag: String) throws(MirrorError) -> (comparison: SurfaceComparison, text: String) {
        let comparison = try compare(ref: tag, mirrorTag: true)
        let manifest = workspace.configuration.publish.manifest
        let directory = SpecifierResolver.directory(of: manifest)
        let package = directory.split(separator: "/").last.map(String.init) ?? "SDK"
        return (comparison, ReleaseNotes.render(comparison, package: package))
    }
}
