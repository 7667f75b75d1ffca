import Foundation
import Git

extension PublishTagger {
    /// Reads the facts `publish-tag`'s checks judge, in the order they use them: the ledger, the
    /// mirror tag, the patch branch against its base, then (when there is a source commit) the
    /// manifest and the smoke note at it and the publish tag here and on `mirror.remote`.
    /// Reading stops where the checks would find no source commit.
    /// - Throws: `GitError` for an unreadable repository, `MirrorError` for an unreadable ledger or
    ///   an unreachable `mirror.remote`.
    func facts(
        _ request: PublishRequest, sourceTag: String, publishTag: String, remoteURL: RemoteURL?, patch: PatchSource?
    ) throws -> PublishFacts {
        var facts = PublishFacts(
            version: request.version, sourceTag: sourceTag, publishTag: publishTag, allowUnverified: request.allowUnverified,
            checksRemote: remoteURL != nil, configuration: configuration, patch: patch)
        if let patch, patch.row?.isRetired != false { return facts }
        facts.ledger = try readLedger(row: sourceTag)
        if facts.releaseVersion != nil { facts.mirrorTag = try readMirrorTag(sourceTag) }
        if let tip = patch?.tip, let base = facts.tagCommit {
            let contains = try repository.isDescendant(tip, of: base)
            var ahead = 0
            if contains { ahead = try repository.commits(from: [tip], hiding: [base]).count }
            facts.patchBase = .init(containsBase: contains, ahead: ahead)
        }
        guard let commit = facts.sourceCommit else { return facts }
        facts.manifest = try ManifestReader(repository: repository, path: configuration.publish.manifest)
            .read(commit: commit, ref: sourceTag)
        facts.noteText = try repository.note(for: commit, notesRef: Configuration.notesRef)
        facts.tags = try readTagRefs(facts.publishRef, remoteURL: remoteURL)
        return facts
    }

    /// The ledger's trouble (none, no managed table, broken markers) and the row for `tag`.
    func readLedger(row tag: String) throws(MirrorError) -> PublishFacts.Ledger {
        let path = configuration.publish.ledger
        guard FileManager.default.fileExists(atPath: path) else { return .init(trouble: "no ledger at \(path)") }
        let document = try LedgerDocument.read(path: path)
        var trouble: String?
        if let problem = document.markerProblems.first {
            trouble = "\(path):\(problem.line ?? 0): \(problem.message)"
        } else if document.hasNoMarkers {
            trouble = "\(path) has no managed table"
        }
        return .init(trouble: trouble, row: document.row(for: tag))
    }

    /// `refs/tags/<tag>`: missing, not a commit, or the commit it peels to.
    func readMirrorTag(_ tag: String) throws(GitError) -> PublishFacts.MirrorTag {
        guard let object = try repository.referenceTarget("refs/tags/" + tag) else { return .missing }
        guard let peeled = try? repository.peelToCommit(object) else { return .notCommit(object) }
        return .commit(peeled)
    }

    /// The publish tag here and, when `remoteURL` is given, on the published mirror.
    func readTagRefs(_ publishRef: String, remoteURL: RemoteURL?) throws -> PublishFacts.TagRefs {
        var tags = PublishFacts.TagRefs()
        tags.local = try repository.referenceTarget(publishRef)
        if let remoteURL {
            do {
                let heads = try Remote(repository: repository, url: remoteURL).listReferences(
                    credentials: workspace.mirrorCredentials(for: remoteURL))
                tags.remote = heads.first { $0.name == publishRef }?.id
            } catch {
                throw workspace.failure(
                    error, "list the mirror's remote (mirror.remote = \(configuration.mirror.remote)) to check \(publishRef)")
            }
        }
        tags.localCommit = tags.local.flatMap { try? repository.peelToCommit($0) }
        tags.remoteKnown = tags.remote.map(repository.contains) ?? false
        tags.remoteCommit = tags.remoteKnown ? tags.remote.flatMap { try? repository.peelToCommit($0) } : nil
        return tags
    }
}
