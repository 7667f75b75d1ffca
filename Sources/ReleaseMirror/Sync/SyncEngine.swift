import Foundation
import Git

/// `release-mirror sync` (SPEC §5.2): fetch upstream into the private namespace, plan, write
/// mirror refs create-only or by compare-and-swap, smoke, push, summarise.
public final class SyncEngine {
    let workspace: MirrorWorkspace
    let options: SyncOptions
    /// Step 7; `nil` = no smoke stage.
    public var smokeStage: (any SyncSmokeStage)?
    /// Break reports; `nil` = findings are only printed.
    public var reportStage: (any SyncReportStage)?

    var configuration: Configuration { workspace.configuration }
    var repository: Repository { workspace.repository }

    public init(workspace: MirrorWorkspace, options: SyncOptions) {
        self.workspace = workspace
        self.options = options
    }

    /// Runs one sync under the mirror's lock, one stage after the other (SPEC §5.2).
    /// - Throws: `MirrorError` for failures before any mirror ref changed (lock held, upstream
    ///   unreachable or without the branch, …). Later failures (a rejected push) are in the result.
    public func run() async throws(MirrorError) -> SyncResult {
        let started = Date()
        let lock = try workspace.lockForBranchUpdates(timeout: options.lockTimeout)
        defer { withExtendedLifetime(lock) {} }
        let remoteURL = options.noPush && options.dryRun ? nil : try workspace.remoteURL()
        var run = SyncRun(
            started: started, managed: ManagedRefs(configuration: configuration), remoteURL: remoteURL, dryRun: options.dryRun)
        try reconcileOrigin(&run)
        if options.pushOnly { return try publishOnly(run) }
        let upstream = try readUpstream(&run)
        let snapshot = try plan(&run, upstream)
        if let early = try finishEarly(&run, upstream, snapshot) { return early }
        applyPlan(&run, upstream)
        await smokeNewReleases(&run)
        recordRun(run, upstream)
        pushPending(&run)
        return await report(&run)
    }

    /// How old the newest sync record may get before a no-op run appends (and publishes) a fresh
    /// one, so `status --max-age` on any clone of the mirror sees that the job still runs, while
    /// back-to-back runs write nothing.
    public static let recordRefreshInterval: TimeInterval = 3600

    func refreshRecord(upstreamTip: ObjectID, remoteURL: RemoteURL?, into result: inout SyncResult) {
        let now = workspace.environment.now()
        if let latest = try? SyncRecord.latest(in: repository), let date = latest.record.date,
            now.timeIntervalSince(date) < SyncEngine.recordRefreshInterval
        {
            return
        }
        let record = SyncRecord(
            time: ISO8601DateFormatter().string(from: now), result: .ok, upstreamTip: upstreamTip, newTags: [],
            toolVersion: RunEnvironment.toolVersion)
        do {
            try record.append(to: repository)
            if let remoteURL, !options.noPush {
                let ref = ManagedRefs.lastSyncRef
                result.pushed = try push(["\(ref):\(ref)"], to: remoteURL)
            }
        } catch {
            workspace.emit(.warning("could not record the sync: \(error)"))
        }
    }

    /// `--push-only`: publish what this copy has (another job mirrored and smoked it) without
    /// contacting upstream, so the job holding the push token never runs upstream's code.
    func publishOnly(_ run: SyncRun) throws(MirrorError) -> SyncResult {
        guard let remoteURL = run.remoteURL else { throw .usage("sync --push-only needs mirror.remote (it is \"\")") }
        var run = run
        let refspecs = try pendingPushes(originRefs: run.originRefs, managed: run.managed, local: run.localManaged)
        run.result.upToDate = refspecs.isEmpty
        if !refspecs.isEmpty {
            workspace.emit(.step("push \(refspecs.count) ref(s) to \(remoteURL)"))
            run.result.pushed = try push(refspecs, to: remoteURL)
        }
        run.result.mirrorTip = try? repository.referenceTarget("refs/heads/" + configuration.mirror.branch)
        // The job that mirrored reported holds and smoke failures with its own exit status;
        // publishing them succeeded, so this run exits 0.
        if let record = try? SyncRecord.latest(in: repository)?.record {
            run.result.upstreamTip = record.upstreamTip
            run.result.held = record.result == .held
        }
        return run.finished()
    }

    /// Releases an interrupted run created but did not finish smoking: the newest sync record is
    /// still "in-progress", and its mirror tags have no smoke note yet.
    func interruptedSmokes() -> [SmokeTarget] {
        guard let latest = try? SyncRecord.latest(in: repository), latest.record.result == .inProgress else {
            return []
        }
        let pattern = configuration.upstream.releaseTags
        return latest.record.newTags.compactMap { tag in
            let ref = "refs/tags/" + tag
            guard let object = try? repository.referenceTarget(ref), let commit = try? repository.peelToCommit(object),
                (try? repository.note(for: commit, notesRef: Configuration.notesRef)) == nil
            else { return nil }
            return SmokeTarget(ref: ref, commit: commit, version: pattern.value(in: tag))
        }
    }

    // MARK: - Steps

    /// Packs the mirror's refs; a failure only costs speed, so it is a warning.
    func packReferences() {
        do { try repository.packReferences() } catch {
            workspace.emit(.warning(workspace.failure(error, "pack the mirror's refs (git pack-refs --all does the same)").description))
        }
    }

    func listUpstream(_ url: RemoteURL) throws(MirrorError) -> [String: ObjectID] {
        let heads: [RemoteHead]
        do {
            heads = try Remote(repository: repository, url: url).listReferences(credentials: workspace.upstreamCredentials())
        } catch {
            throw workspace.failure(error, "list upstream refs (upstream.url = \(url))")
        }
        if heads.isEmpty {
            throw .runtime("upstream \(url) is empty: it advertises no refs (check upstream.url in \(configuration.file))")
        }
        var result: [String: ObjectID] = [:]
        for head in heads { result[head.name] = head.id }
        return result
    }

    /// Whether upstream differs from what the private namespace holds. When upstream has a tag no
    /// file can hold, the fetch names each tag and prunes none, so a tag upstream deleted may stay
    /// there: only what upstream has counts then.
    func hasChanged(seen: [String: ObjectID], expected: [String: ObjectID], allStorable: Bool) -> Bool {
        allStorable ? seen != expected : expected.contains { seen[$0.key] != $0.value }
    }

    func listPrivateNamespace() throws(MirrorError) -> [String: ObjectID] {
        do {
            var result: [String: ObjectID] = [:]
            for ref in try repository.references(withPrefix: Configuration.upstreamNamespace) {
                if let target = ref.target {
                    result[String(ref.name.dropFirst(Configuration.upstreamNamespace.count))] = target
                }
            }
            return result
        } catch {
            throw workspace.failure(error, "read \(Configuration.upstreamNamespace)")
        }
    }

    func fetchUpstream(_ url: RemoteURL, tags: [String]) throws(MirrorError) -> Int {
        let branch = configuration.upstream.branch
        let ns = Configuration.upstreamNamespace
        let refspecs: [String]
        let prune: Bool
        // A tag whose name no file can hold stays upstream (the planner reports it): fetching it
        // would fail the whole fetch.
        let storable = tags.filter { RefNameLimit.fits("refs/tags/" + $0) }.sorted()
        if options.dryRun {
            // No destination: objects arrive, no ref is written.
            refspecs = ["refs/heads/\(branch)"] + storable.map { "refs/tags/\($0)" }
            prune = false
        } else if storable.count < tags.count {
            // libgit2 1.5 has no negative refspecs: name every other tag instead of the pattern
            // (which prunes no tag then; see `hasChanged`).
            refspecs = ["+refs/heads/\(branch):\(ns)heads/\(branch)"] + storable.map { "+refs/tags/\($0):\(ns)tags/\($0)" }
            prune = true
        } else {
            let prefix = configuration.upstream.releaseTags.literalPrefix
            refspecs = ["+refs/heads/\(branch):\(ns)heads/\(branch)", "+refs/tags/\(prefix)*:\(ns)tags/\(prefix)*"]
            prune = true
        }
        let source = url.description
        let events = workspace
        // What we last saw of upstream's branch, and the mirror branch (on a fresh clone of the
        // published mirror the only one there): enough for upstream to find what we have.
        let haves = [ns + "heads/" + branch, "refs/heads/" + configuration.mirror.branch]
        do {
            let stats = try Remote(repository: repository, url: url, negotiatingWith: haves).fetch(
                refspecs: refspecs, prune: prune, credentials: workspace.upstreamCredentials(),
                progress: { progress in
                    events.emit(.fetchProgress(source: source, RunEvent.FetchProgress(progress)))
                    return true
                })
            return stats.receivedObjects
        } catch {
            throw workspace.failure(error, "fetch upstream (upstream.url = \(url))")
        }
    }

    func apply(_ plan: SyncPlan, into result: inout SyncResult) throws(GitError) {
        // Tags and release branches, however many, in one atomic packed-refs write at the place of
        // the first of them (the plan puts them after any quarantine and before the branch).
        let releases = plan.actions.filter { $0.kind == .createTag || $0.kind == .createReleaseBranch }
        var releasesWritten = false
        for action in plan.actions {
            let message = "release-mirror: \(action.kind.rawValue)" + (action.version.map { " \($0)" } ?? "")
            switch action.kind {
            case .createTag, .createReleaseBranch:
                guard !releasesWritten else { continue }
                releasesWritten = true
                let outcomes = try repository.createReferencesPacked(releases.map { ($0.ref, $0.new) })
                for release in releases {
                    guard let outcome = outcomes[release.ref] else {
                        throw GitError(code: .invalid, message: "no outcome", operation: "create \(release.ref)")
                    }
                    try record(outcome, of: release, into: &result)
                }
            case .quarantine, .createBranch:
                try record(repository.createReference(action.ref, target: action.new, message: message), of: action, into: &result)
            case .fastForward:
                guard let old = action.old else { continue }
                try repository.updateReference(action.ref, to: action.new, expecting: old, message: message)
                result.applied.append(action)
                workspace.emit(.detail("fast-forwarded \(action.ref) \(old.short())..\(action.new.short())"))
            }
        }
    }

    /// Records a create-only write: created, or already there with the same value (an earlier,
    /// interrupted run wrote it); any other value is another writer's, left unchanged.
    func record(_ outcome: CreateOutcome, of action: RefAction, into result: inout SyncResult) throws(GitError) {
        switch outcome {
        case .created:
            result.applied.append(action)
            workspace.emit(.detail("created \(action.ref) at \(action.new.short())"))
        case .exists(let current) where current == action.new:
            result.applied.append(action)
        case .exists(let current):
            throw GitError(
                code: .exists, message: "already exists at \(current.short()) (another writer?); left unchanged",
                operation: "create \(action.ref) at \(action.new.short())")
        }
    }

    /// Refspecs for every managed ref whose local value the remote lacks.
    /// - Parameter known: the local managed refs, when already listed since the last write.
    func pendingPushes(
        originRefs: [String: ObjectID]?, managed: ManagedRefs, local known: [String: ObjectID]? = nil
    ) throws(MirrorError) -> [String] {
        guard let originRefs, !options.noPush else { return [] }
        let local: [String: ObjectID]
        if let known {
            local = known
        } else {
            do { local = try managed.local(in: repository) } catch { throw workspace.failure(error, "list mirror refs") }
        }
        return local.filter { originRefs[$0.key] != $0.value }.keys.sorted { a, b in
            // tags and records before branches, so a consumer never sees a branch ahead of its tag
            let rank = { (n: String) in n.hasPrefix("refs/tags/") ? 0 : n.hasPrefix("refs/heads/") ? 2 : 1 }
            return (rank(a), a) < (rank(b), b)
        }.map { "\($0):\($0)" }
    }

    func push(_ refspecs: [String], to url: RemoteURL) throws(MirrorError) -> [String] {
        let events = workspace
        do {
            return try workspace.push(refspecs, to: url, progress: { events.emit(.pushProgress($0)) })
        } catch {
            var message = workspace.failure(error, "push to the mirror's remote (mirror.remote = \(configuration.mirror.remote))")
                .description
            // (A ref locked in the remote is explained by the error itself: the next run fails alike.)
            if !error.rejections.isEmpty && !error.rejections.contains(where: { $0.reason.contains("failed to lock") }) {
                message += "\nlocal refs are unchanged; the next run pushes again"
            }
            throw .runtime(message)
        }
    }
}
