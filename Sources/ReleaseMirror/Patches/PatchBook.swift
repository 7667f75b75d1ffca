import Foundation
public import Git

/// The facts about patch branches the patch commands and `audit` decide on: the registry, the
/// mirror's patch branches, release tags and publish tags. Read once; pure lookups after.
public struct PatchBook {
    let workspace: MirrorWorkspace
    /// The registry (`patches.registry`).
    public let registry: PatchRegistry
    /// The mirror's patch branches: short branch name → tip.
    public let branches: [String: ObjectID]

    var configuration: Configuration { workspace.configuration }
    var repository: Repository { workspace.repository }

    /// Reads the registry and the mirror's patch branches.
    public init(workspace: MirrorWorkspace) throws(MirrorError) {
        self.workspace = workspace
        registry = try PatchRegistry.read(path: workspace.configuration.patches.registry)
        let pattern = workspace.configuration.patches.branch
        var branches: [String: ObjectID] = [:]
        do {
            for ref in try workspace.repository.references(withPrefix: "refs/heads/" + pattern.literalPrefix) {
                let short = String(ref.name.dropFirst("refs/heads/".count))
                guard let name = pattern.value(in: short), ManagedNames.isPatchName(name), let target = ref.target else { continue }
                branches[short] = target
            }
        } catch {
            throw workspace.failure(error, "list the mirror's patch branches (patches.branch = \"\(pattern)\")")
        }
        self.branches = branches
    }

    /// The branch of patch `name`, refusing a name that is not one (exit 2).
    static func branch(for name: String, configuration: Configuration) throws(MirrorError) -> String {
        guard ManagedNames.isPatchName(name) else {
            throw .usage(
                "\"\(name)\" is not a patch name: start with a letter or digit, then letters, digits, '.', '_' or '-' "
                    + "(at most 64), e.g. role-additional")
        }
        return configuration.patches.branch.name(for: name)
    }

    /// The patch name of branch `branch`, when it is a patch branch.
    func name(of branch: String) -> String? {
        configuration.patches.branch.value(in: branch).flatMap { ManagedNames.isPatchName($0) ? $0 : nil }
    }

    /// The mirror tag `text` names (short name, `refs/tags/…` or a bare version) and its commit.
    /// - Throws: `.checkFailed` (exit 5) when it is not a mirror release tag.
    func releaseTag(_ text: String) throws(MirrorError) -> (tag: String, commit: ObjectID) {
        let pattern = configuration.upstream.releaseTags
        let tag = PublishTagger.sourceTag(text, pattern: pattern)
        guard let version = pattern.value(in: tag), SemanticVersion(version) != nil else {
            throw .checkFailed("\"\(text)\" is not a mirror release tag (upstream.release-tags = \"\(pattern)\"); name one, e.g. \(pattern.name(for: "1.2.3"))")
        }
        do {
            guard let target = try repository.referenceTarget("refs/tags/" + tag) else {
                throw MirrorError.checkFailed("refs/tags/\(tag) does not exist in the mirror; run `release-mirror sync` or name a mirrored release")
            }
            return (tag, try repository.peelToCommit(target))
        } catch let error as GitError {
            throw workspace.failure(error, "read refs/tags/\(tag)")
        } catch let error as MirrorError {
            throw error
        } catch {
            throw .runtime("read refs/tags/\(tag): \(error)")
        }
    }

    /// The commit of mirror tag `tag`, when it exists.
    func commit(ofTag tag: String) -> ObjectID? {
        guard let target = try? repository.referenceTarget("refs/tags/" + tag) else { return nil }
        return try? repository.peelToCommit(target)
    }

    /// The commits on `tip` since `base` (`git rev-list base..tip`), merges included.
    func commits(tip: ObjectID, since base: ObjectID) throws(GitError) -> [ObjectID] {
        try repository.commits(from: [tip], hiding: [base])
    }

    /// The publish tags (short names) whose commit is `commits` or an archive of the patch.
    func publishTags(on commits: Set<ObjectID>) -> [String] {
        let pattern = configuration.publish.tag
        guard let refs = try? repository.references(withPrefix: "refs/tags/" + pattern.literalPrefix) else { return [] }
        return refs.compactMap { ref -> String? in
            let short = String(ref.name.dropFirst("refs/tags/".count))
            guard pattern.value(in: short) != nil, let target = ref.target, let commit = try? repository.peelToCommit(target),
                commits.contains(commit)
            else { return nil }
            return short
        }.sorted()
    }

    /// The smoke note's status for `commit`, when it has one.
    func smoke(_ commit: ObjectID) -> SmokeOutcome.Status? {
        (try? repository.note(for: commit, notesRef: Configuration.notesRef)).flatMap { $0.flatMap { SmokeNote.decode($0)?.status } }
    }
}
