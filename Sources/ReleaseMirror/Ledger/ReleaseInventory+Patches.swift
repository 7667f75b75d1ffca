import Foundation
public import Git

extension ReleaseInventory {
    /// A publish tag made from a registered patch branch (SPEC §13.5): its ledger row is the base
    /// tag with `(patch/NAME)`, on the commit the tag names.
    public struct PatchPublish: Sendable, Equatable {
        /// The publish tag's short name.
        public var name: String
        /// The patch branch (short name), as registered.
        public var branch: String
        /// The registry row's base tag.
        public var baseTag: String
        /// The commit the publish tag names.
        public var commit: ObjectID
        /// The manifest's version at that commit.
        public var sdkVersion: SemanticVersion?
        /// The smoke note's status for that commit.
        public var smoke: SmokeOutcome.Status?
        /// Whether the commit is the patch's tip (its archive, once retired) or in its history.
        public var onPatch: Bool
    }

    /// The publish tags made from registered patches, by name: a tag whose message names a
    /// registered patch branch, or a tag on no release's commit that a registered patch's tip
    /// (or archive) contains. An unreadable registry has no patches here (`audit` reports it).
    static func patchPublishes(
        _ repository: Repository, configuration: Configuration, publishTags: [PublishTag], releases: [Release]
    ) throws(GitError) -> [String: PatchPublish] {
        guard let registry = try? PatchRegistry.read(path: configuration.patches.registry), !registry.rows.isEmpty else { return [:] }
        var tips: [(branch: String, commit: ObjectID)] = []
        for row in registry.rows {
            let ref = row.status.archive ?? "refs/heads/" + row.branch
            if let target = try repository.referenceTarget(ref), let commit = try? repository.peelToCommit(target) {
                tips.append((row.branch, commit))
            }
        }
        let releaseCommits = Set(releases.compactMap(\.commit))
        let reader = ManifestReader(repository: repository, path: configuration.publish.manifest)
        var result: [String: PatchPublish] = [:]
        for publish in publishTags {
            guard let commit = publish.commit else { continue }
            var branch = publish.patchBranch.flatMap { registry.row(branch: $0) == nil ? nil : $0 }
            if branch == nil, !releaseCommits.contains(commit) {
                for tip in tips where try repository.isDescendant(tip.commit, of: commit) {
                    branch = tip.branch
                    break
                }
            }
            guard let branch, let row = registry.row(branch: branch) else { continue }
            let tip = tips.first { $0.branch == branch }?.commit
            var onPatch = false
            if let tip { onPatch = try repository.isDescendant(tip, of: commit) }
            var sdk: SemanticVersion?
            if case .success(let manifest) = try reader.read(commit: commit, ref: publish.name) { sdk = manifest.version }
            result[publish.name] = PatchPublish(
                name: publish.name, branch: branch, baseTag: row.baseTag, commit: commit, sdkVersion: sdk, smoke: publish.smoke,
                onPatch: onPatch)
        }
        return result
    }

    /// The ledger rows of the patch publishes based on `baseTag` (`nil`: on no release), one per
    /// branch and commit, newest publish first.
    func patchRows(baseTag: String?) -> [LedgerRow] {
        let releaseTags = Set(releases.map(\.tag))
        let versions = Dictionary(publishTags.map { ($0.name, $0.version) }, uniquingKeysWith: { a, _ in a })
        let mine = patchPublishes.values.filter { made in baseTag.map { made.baseTag == $0 } ?? !releaseTags.contains(made.baseTag) }
        let groups = Dictionary(grouping: mine) { "\($0.branch)\u{0}\($0.commit.hex)" }
        let rows = groups.values.compactMap { group -> (LedgerRow, SemanticVersion?)? in
            guard let first = group.first else { return nil }
            let tags: [(name: String, version: String)] = group.map { ($0.name, versions[$0.name] ?? "") }
                .sorted { ($0.version, $0.name) < ($1.version, $1.name) }
            let row = LedgerRow(
                tag: first.baseTag, commit: first.commit.short(LedgerRow.commitLength), sdkVersion: first.sdkVersion,
                publishTags: tags.map(\.name), smoke: first.smoke, interface: interfaceEnabled ? InterfaceCell.none : nil,
                patchBranch: first.branch)
            return (row, tags.compactMap { SemanticVersion($0.version) }.max())
        }
        return rows.sorted { a, b in
            switch (a.1, b.1) {
            case let (x?, y?) where x != y: return x > y
            default: return (a.0.patchBranch ?? "", a.0.commit) < (b.0.patchBranch ?? "", b.0.commit)
            }
        }.map { $0.0 }
    }
}
