import Foundation
import Git

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
        let lock = try workspace.lock(timeout: lockTimeout)
        defer { withExtendedLifetime(lock) {} }
        let repository = workspace.repository
        let configuration = workspace.configuration
        let branchRef = "refs/heads/" + configuration.mirror.branch
        let target: ObjectID
        do {
            target = try repository.peelToCommit(try repository.resolve(revision))
        } catch {
            throw .usage("accept-rewrite: \(revision) is not a commit in \(configuration.mirror.repository): \(error.message)")
        }
        var outcome = Outcome(branch: branchRef, oldTip: nil, newTip: target, archive: nil, pushed: [])
        do {
            let old = try repository.referenceTarget(branchRef)
            outcome.oldTip = old
            if let old, old == target { return outcome }
            if let old {
                let archive = "refs/release-mirror/archive/\(SyncPlanner.stamp(workspace.environment.now()))-\(old.short(12))"
                try repository.createReference(archive, target: old, message: "release-mirror: archive before accept-rewrite")
                outcome.archive = archive
                try repository.updateReference(branchRef, to: target, expecting: old, message: "release-mirror: accept-rewrite")
            } else {
                try repository.createReference(branchRef, target: target, message: "release-mirror: accept-rewrite")
            }
        } catch {
            throw workspace.failure(error, "accept-rewrite \(revision)")
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
}
