internal import Git

/// Step 1 of sync: make the local mirror equal the published one before doing anything else, so
/// any runner (a fresh CI machine, a maintainer's laptop) can pick up where another left off.
/// Refs the remote has and we lack are adopted; refs the remote has ahead of ours are
/// fast-forwarded; a tag that differs between the two is an error (never resolved by moving one).
struct OriginReconciler {
    let workspace: MirrorWorkspace
    let managed: ManagedRefs
    let url: RemoteURL

    var repository: Repository { workspace.repository }

    /// What `reconcile` found and did.
    struct Outcome {
        /// The remote's managed refs.
        var remote: [String: ObjectID]
        /// The local refs adopted from it.
        var adopted: [String] = []
        /// The local managed refs as they stand afterwards, when nothing was adopted (`nil`: list
        /// them again).
        var local: [String: ObjectID]?
        /// Every branch the remote advertised (what patch adoption reads, so the remote is listed
        /// once per sync).
        var branches: [RemoteHead] = []
    }

    /// Lists the remote and adopts what it has that we lack.
    /// - Parameter write: `false` for `--dry-run`: compare only.
    func reconcile(write: Bool) throws(MirrorError) -> Outcome {
        let heads: [RemoteHead]
        do {
            heads = try Remote(repository: repository, url: url).listReferences(credentials: workspace.mirrorCredentials(for: url))
        } catch {
            throw workspace.failure(error, "list the mirror's remote (mirror.remote = \(workspace.configuration.mirror.remote))")
        }
        var remote: [String: ObjectID] = [:]
        for head in heads where managed.contains(head.name) { remote[head.name] = head.id }
        let branches = heads.filter { $0.name.hasPrefix("refs/heads/") }
        guard write else { return Outcome(remote: remote, branches: branches) }

        let local: [String: ObjectID]
        do { local = try managed.local(in: repository) } catch { throw workspace.failure(error, "list mirror refs") }
        let differing = remote.filter { local[$0.key] != $0.value }
        guard !differing.isEmpty else { return Outcome(remote: remote, local: local, branches: branches) }

        // Fetch the objects we lack, into a namespace of our own.
        let missing = differing.filter { !repository.contains($0.value) }.keys.sorted()
        if !missing.isEmpty {
            workspace.emit(.step("fetch \(missing.count) ref(s) from the mirror's remote"))
            let refspecs = missing.map { "+\($0):refs/release-mirror/origin/\($0.dropFirst("refs/".count))" }
            do {
                try Remote(repository: repository, url: url).fetch(
                    refspecs: refspecs, prune: false, credentials: workspace.mirrorCredentials(for: url))
            } catch {
                throw workspace.failure(error, "fetch from the mirror's remote")
            }
        }

        var adopted: [String] = []
        var conflicts: [String] = []
        do {
            for (name, theirs) in differing.sorted(by: { $0.key < $1.key }) {
                guard let ours = local[name] else {
                    if case .created = try repository.createReference(name, target: theirs, message: "release-mirror: adopt from remote") {
                        adopted.append(name)
                    }
                    continue
                }
                if ManagedRefs.isCreateOnly(name) {
                    conflicts.append(
                        "\(name) is \(ours.short()) here but \(theirs.short()) on the published mirror; "
                            + "the published mirror is the truth: delete the local ref and re-run")
                    continue
                }
                if try repository.isDescendant(theirs, of: ours) {
                    try repository.updateReference(name, to: theirs, expecting: ours, message: "release-mirror: adopt from remote")
                    adopted.append(name)
                } else if try repository.isDescendant(ours, of: theirs) {
                    continue  // ours is ahead: pushed later
                } else if name == ManagedRefs.lastSyncRef {
                    // two runners recorded syncs: join the chains with a record that has both parents
                    let merged = SyncRecord(
                        time: workspace.environment.now().ISO8601Format(), result: "merged", upstreamTip: nil, newTags: [],
                        toolVersion: RunEnvironment.toolVersion)
                    try merged.append(to: repository, parents: [theirs])
                    adopted.append(name)
                } else {
                    conflicts.append(
                        "\(name) has diverged: \(ours.short()) here, \(theirs.short()) on the published mirror; "
                            + "nothing was changed: inspect both and reset the local ref to the published one")
                }
            }
        } catch {
            throw workspace.failure(error, "adopt refs from the mirror's remote")
        }
        if !conflicts.isEmpty {
            throw .runtime("the local mirror disagrees with the published mirror:\n  " + conflicts.joined(separator: "\n  "))
        }
        if !adopted.isEmpty { workspace.emit(.info("adopted \(adopted.count) ref(s) from the published mirror")) }
        return Outcome(remote: remote, adopted: adopted, branches: branches)
    }
}
