import Foundation
internal import Git

/// Takes patch branches from `mirror.remote` as they are (never from upstream): people commit to
/// them, rebase and force-push. The mirror's copy follows the remote's tip; a move that is not a
/// fast-forward is recorded (returned and warned about), never refused. The tool never pushes a
/// patch branch except when `patch start` creates it.
public struct PatchAdoption: Sendable, Codable, Equatable {
    /// The branch (short name).
    public var branch: String
    /// The mirror's tip before, when it had the branch.
    public var previous: String?
    /// The remote's tip, now the mirror's.
    public var tip: String
    /// Whether the move was not a fast-forward (people rebased and force-pushed).
    public var forced: Bool

    /// Adopts the remote's patch branches (all of them when `only` is `nil`) into the mirror.
    /// `listed`: the remote's branches when the caller has just listed it (sync's step 1), so it is
    /// not listed twice; `nil` lists it here.
    /// - Returns: the branches that changed, and the remote's patch branch tips (short name → tip),
    ///   or `nil` tips when `mirror.remote` is empty (the mirror's own branches are the truth).
    static func adopt(
        _ workspace: MirrorWorkspace, only: Set<String>? = nil, listed: [RemoteHead]? = nil
    ) throws(MirrorError) -> (adopted: [PatchAdoption], remote: [String: ObjectID]?) {
        guard let url = try workspace.remoteURL() else { return ([], nil) }
        let pattern = workspace.configuration.patches.branch
        let repository = workspace.repository
        var remote: [String: ObjectID] = [:]
        do {
            let heads: [RemoteHead]
            if let listed { heads = listed } else {
                heads = try Remote(repository: repository, url: url).listReferences(credentials: workspace.mirrorCredentials(for: url))
            }
            for head in heads where head.name.hasPrefix("refs/heads/") {
                let short = String(head.name.dropFirst("refs/heads/".count))
                guard let name = pattern.value(in: short), ManagedNames.isPatchName(name) else { continue }
                if only == nil || only?.contains(short) == true { remote[short] = head.id }
            }
            let missing = remote.filter { !repository.contains($0.value) }.keys.sorted()
            if !missing.isEmpty {
                workspace.emit(.step("fetch \(missing.count) patch branch(es) from the mirror's remote"))
                try Remote(repository: repository, url: url).fetch(
                    refspecs: missing.map { "+refs/heads/\($0):refs/release-mirror/origin/heads/\($0)" }, prune: false,
                    credentials: workspace.mirrorCredentials(for: url))
            }
            var adopted: [PatchAdoption] = []
            for (branch, tip) in remote.sorted(by: { $0.key < $1.key }) {
                if let change = try adoptOne(workspace, branch: branch, tip: tip) { adopted.append(change) }
            }
            return (adopted, remote)
        } catch {
            throw workspace.failure(error, "adopt patch branches from the mirror's remote (mirror.remote = \(workspace.configuration.mirror.remote))")
        }
    }

    /// Moves the mirror's `branch` to the remote's `tip` (compare-and-swap on what it held).
    private static func adoptOne(_ workspace: MirrorWorkspace, branch: String, tip: ObjectID) throws(GitError) -> PatchAdoption? {
        let repository = workspace.repository
        let ref = "refs/heads/" + branch
        let current = try repository.referenceTarget(ref)
        if current == tip { return nil }
        guard let current else {
            try repository.createReference(ref, target: tip, message: "release-mirror: adopt patch branch from remote")
            workspace.emit(.detail("adopted \(branch) at \(tip.short()) from the mirror's remote"))
            return PatchAdoption(branch: branch, previous: nil, tip: tip.hex, forced: false)
        }
        let forced = !(try repository.isDescendant(tip, of: current))
        try repository.updateReference(ref, to: tip, expecting: current, message: "release-mirror: adopt patch branch from remote")
        if forced {
            workspace.emit(
                .warning("\(branch) was force-pushed on the mirror's remote: \(current.short()) → \(tip.short()) (adopted as it is)"))
        } else {
            workspace.emit(.detail("\(branch): \(current.short()) → \(tip.short())"))
        }
        return PatchAdoption(branch: branch, previous: current.hex, tip: tip.hex, forced: forced)
    }
}
