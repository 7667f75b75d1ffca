import Foundation
public import Git

/// `release-mirror accept-rewrite <sha>`: the only way past a held history rewrite. Archives the
/// old mirror tip under `refs/release-mirror/archive/…` (create-only), then moves the mirror
/// branch to `<sha>` by compare-and-swap, locally and on the remote. The remote update is the one
/// non-fast-forward push the tool ever makes, and it is leased: it succeeds only if the remote
/// still holds exactly the archived tip.
public struct RewriteAcceptor {
    let workspace: MirrorWorkspace

    public init(workspace: MirrorWorkspace) { self.workspace = workspace }

    /// What was done.
    public struct Outcome: Sendable, Codable {
        public var branch: String
        public var oldTip: ObjectID?
        public var newTip: ObjectID
        public var archive: String?
        public var pushed: [String]
    }

    public func accept(_ revision: String, push: Bool, lockTimeout: Double) throws(MirrorError) -> Outcome {
        let lock = try workspace.lockForBranchUpdates(timeout: lockTimeout)
        defer { withExtendedLifetime(lock) {} }
        let repository = workspace.repository
        let configuration = workspace.configuration
        let branchRef = "refs/heads/" + configuration.mirror.branch
        let target: ObjectID
        do {
            target = try repository.peelToCommit(try repository.resolve(revision))
        } catch {
            throw .usage(
                "accept-rewrite: \(revision) is not a commit in \(configuration.mirror.repository): \(error.message); "
                    + "for upstream's newest tip, run `release-mirror sync` first (it fetches and quarantines it)")
        }
        var outcome = Outcome(branch: branchRef, oldTip: nil, newTip: target, archive: nil, pushed: [])
        do {
            let old = try repository.referenceTarget(branchRef)
            outcome.oldTip = old
            switch RewriteGuard.decide(target, try facts(target: target, branch: branchRef, mirrorTip: old)) {
            case .alreadyThere: return outcome
            case .refuse(let message): throw MirrorError.checkFailed(message)
            case .accept: break
            }
            if let old {
                let archive = "refs/release-mirror/archive/\(SyncPlanner.stamp(workspace.environment.now()))-\(old.short(12))"
                try repository.createReference(archive, target: old, message: "release-mirror: archive before accept-rewrite")
                outcome.archive = archive
                try repository.updateReference(branchRef, to: target, expecting: old, message: "release-mirror: accept-rewrite")
            } else {
                try repository.createReference(branchRef, target: target, message: "release-mirror: accept-rewrite")
            }
        } catch let error as MirrorError {
            throw error
        } catch let error as GitError {
            throw workspace.failure(error, "accept-rewrite \(revision)")
        } catch {
            throw .runtime("accept-rewrite \(revision): \(error)")
        }
        if push, let url = try workspace.remoteURL() {
            var refspecs = ["+\(branchRef):\(branchRef)"]
            if let archive = outcome.archive { refspecs.insert("\(archive):\(archive)", at: 0) }
            var leases: [String: ObjectID] = [:]
            if let old = outcome.oldTip { leases[branchRef] = old } else { refspecs[refspecs.count - 1] = "\(branchRef):\(branchRef)" }
            do {
                outcome.pushed = try workspace.push(refspecs, to: url, leases: leases)
            } catch {
                throw workspace.failure(error, "push the accepted rewrite to the mirror's remote")
            }
        }
        return outcome
    }

    /// What `RewriteGuard` decides on: pending quarantines, and upstream's tip listed now (only
    /// when the commit is not the quarantined tip).
    func facts(target: ObjectID, branch: String, mirrorTip: ObjectID?) throws(GitError) -> RewriteGuard.Facts {
        let repository = workspace.repository
        var pending: [(ref: String, tip: ObjectID)] = []
        for ref in try repository.references(withPrefix: "refs/release-mirror/quarantine/") {
            guard let tip = ref.target else { continue }
            if let mirrorTip, try repository.isDescendant(mirrorTip, of: tip) { continue }
            pending.append((ref.name, tip))
        }
        var facts = RewriteGuard.Facts(branch: branch, mirrorTip: mirrorTip, pending: pending)
        if let mirrorTip { facts.targetIsAncestor = try repository.isDescendant(mirrorTip, of: target) }
        guard RewriteGuard.needsUpstream(target, facts) else { return facts }
        let url = workspace.configuration.upstream.url
        do throws(GitError) {
            let heads = try Remote(repository: repository, url: url).listReferences(credentials: workspace.upstreamCredentials())
            facts.upstreamTip = heads.first { $0.name == "refs/heads/" + workspace.configuration.upstream.branch }?.id
            if facts.upstreamTip == nil { facts.upstreamProblem = "it has no branch \(workspace.configuration.upstream.branch)" }
        } catch {
            facts.upstreamProblem = workspace.failure(error, "list \(url)").description
        }
        return facts
    }
}
