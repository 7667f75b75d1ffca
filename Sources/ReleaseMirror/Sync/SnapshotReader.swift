internal import Git

/// Reads a `MirrorSnapshot` from the mirror repository and upstream's advertised refs. Peels only
/// what the planner will need (new upstream tags, mirror tags missing their release branch), so a
/// no-op run stays cheap however many releases there are.
struct SnapshotReader {
    let repository: Repository
    let configuration: Configuration

    /// Upstream's advertised tags fitting the release pattern, by short name.
    static func releaseTags(in advertised: [String: ObjectID], pattern: NamePattern) -> [String: ObjectID] {
        var result: [String: ObjectID] = [:]
        for (name, id) in advertised where name.hasPrefix("refs/tags/") && !name.hasSuffix("^{}") {
            let short = String(name.dropFirst("refs/tags/".count))
            if pattern.value(in: short) != nil { result[short] = id }
        }
        return result
    }

    func read(upstreamTip: ObjectID?, upstreamTags: [String: ObjectID]) throws(GitError) -> MirrorSnapshot {
        let pattern = configuration.upstream.releaseTags
        let branchPattern = configuration.mirror.releaseBranch

        var releaseBranches: [String: ObjectID] = [:]
        for ref in try repository.references(withPrefix: "refs/heads/" + branchPattern.literalPrefix) {
            let short = String(ref.name.dropFirst("refs/heads/".count))
            if branchPattern.value(in: short) != nil, let target = ref.target { releaseBranches[short] = target }
        }

        var mirrorTags: [String: MirrorSnapshot.TagTarget] = [:]
        for ref in try repository.references(withPrefix: "refs/tags/" + pattern.literalPrefix) {
            let short = String(ref.name.dropFirst("refs/tags/".count))
            guard let raw = pattern.value(in: short), let object = ref.target else { continue }
            var commit: ObjectID?
            if let version = SemanticVersion(raw), releaseBranches[branchPattern.name(for: version.description)] == nil {
                commit = try? repository.peelToCommit(object)
            }
            mirrorTags[short] = .init(object: object, commit: commit)
        }

        var tags: [String: MirrorSnapshot.TagTarget] = [:]
        for (name, object) in upstreamTags {
            let needsCommit = mirrorTags[name] == nil
            tags[name] = .init(object: object, commit: needsCommit ? (try? repository.peelToCommit(object)) : nil)
        }

        let mirrorTip = try repository.referenceTarget("refs/heads/" + configuration.mirror.branch)
        var relation = MirrorSnapshot.TipRelation.noMirrorBranch
        if let mirrorTip, let upstreamTip {
            if mirrorTip == upstreamTip {
                relation = .same
            } else if try repository.isDescendant(upstreamTip, of: mirrorTip) {
                relation = .fastForward(commits: try repository.aheadBehind(upstreamTip, mirrorTip).ahead)
            } else {
                let base = try repository.mergeBase(upstreamTip, mirrorTip)
                let counts = try repository.aheadBehind(upstreamTip, mirrorTip)
                relation = .diverged(mergeBase: base, dropped: counts.behind, added: counts.ahead)
            }
        }

        let quarantined = Set(try repository.references(withPrefix: "refs/release-mirror/quarantine/").compactMap(\.target))
        return MirrorSnapshot(
            upstreamTip: upstreamTip, mirrorTip: mirrorTip, relation: relation, upstreamTags: tags,
            mirrorTags: mirrorTags, releaseBranches: releaseBranches, quarantined: quarantined)
    }
}
