internal import Git

extension PatchFacts {
    /// Reads the facts of every registry row and every patch branch without a row, from the
    /// mirror alone (no network): the mirror's patch branches are as the last `sync` or `patch`
    /// command took them from the remote.
    static func read(_ book: PatchBook) throws(GitError) -> [PatchFacts] {
        let repository = book.repository
        let configuration = book.configuration
        let upstreamTip = try repository.referenceTarget("refs/heads/" + configuration.mirror.branch)
        let releases = try releaseVersions(book)
        var result: [PatchFacts] = []
        for row in book.registry.rows {
            var fact = PatchFacts(
                branch: row.branch, row: row, tip: row.isRetired ? nil : book.branches[row.branch],
                baseCommit: book.commit(ofTag: row.baseTag), containsBase: false, patchIDs: [:], upstreamPatchIDs: [],
                newerRelease: nil, smoke: nil)
            if row.isRetired {
                // a retired row is fine unless its branch is back
                if let tip = book.branches[row.branch] { result.append(with(fact) { $0.tip = tip }) }
                continue
            }
            if let tip = fact.tip, let base = fact.baseCommit {
                fact.containsBase = try repository.isDescendant(tip, of: base)
                if fact.containsBase {
                    fact.patchIDs = try patchIDs(repository, tip: tip, base: base)
                    fact.upstreamPatchIDs = try upstreamIDs(repository, upstreamTip, base: base, wanted: Set(fact.patchIDs.values))
                }
                fact.smoke = book.smoke(tip)
            }
            let baseVersion = configuration.upstream.releaseTags.value(in: row.baseTag).flatMap(SemanticVersion.init)
            if let baseVersion, let newest = releases.last, newest.version > baseVersion { fact.newerRelease = newest.tag }
            result.append(fact)
        }
        for (branch, tip) in book.branches.sorted(by: { $0.key < $1.key }) where book.registry.row(branch: branch) == nil {
            result.append(
                PatchFacts(
                    branch: branch, row: nil, tip: tip, baseCommit: nil, containsBase: false, patchIDs: [:], upstreamPatchIDs: [],
                    newerRelease: nil, smoke: nil))
        }
        return result
    }

    /// The patch ids of the non-merge commits in `base..tip`.
    static func patchIDs(_ repository: Repository, tip: ObjectID, base: ObjectID) throws(GitError) -> [ObjectID: ObjectID] {
        var result: [ObjectID: ObjectID] = [:]
        for commit in try repository.commits(from: [tip], hiding: [base]) {
            if let id = try repository.patchID(of: commit) { result[commit] = id }
        }
        return result
    }

    /// The patch ids among `wanted` that commits on upstream's branch after `base` carry; stops
    /// as soon as all are found.
    static func upstreamIDs(
        _ repository: Repository, _ upstreamTip: ObjectID?, base: ObjectID, wanted: Set<ObjectID>
    ) throws(GitError) -> Set<ObjectID> {
        guard let upstreamTip, !wanted.isEmpty else { return [] }
        var found: Set<ObjectID> = []
        for commit in try repository.commits(from: [upstreamTip], hiding: [base]) {
            if let id = try repository.patchID(of: commit), wanted.contains(id) {
                found.insert(id)
                if found == wanted { break }
            }
        }
        return found
    }

    /// The mirror's release tags with their versions, oldest first.
    static func releaseVersions(_ book: PatchBook) throws(GitError) -> [(tag: String, version: SemanticVersion)] {
        let pattern = book.configuration.upstream.releaseTags
        return try book.repository.references(withPrefix: "refs/tags/" + pattern.literalPrefix).compactMap { ref in
            let short = String(ref.name.dropFirst("refs/tags/".count))
            return pattern.value(in: short).flatMap(SemanticVersion.init).map { (short, $0) }
        }.sorted { $0.version < $1.version }
    }
}
