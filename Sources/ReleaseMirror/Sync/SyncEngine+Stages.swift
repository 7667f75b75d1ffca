import Foundation
import Git

/// The stages of `SyncEngine.run` (SPEC §5.2), in the order they run.
extension SyncEngine {
    /// 1. The published mirror first, so local state equals it; then the patch branches on it.
    func reconcileOrigin(_ run: inout SyncRun) throws(MirrorError) {
        if let remoteURL = run.remoteURL {
            workspace.emit(.step("check the mirror's remote \(remoteURL)"))
            let outcome = try OriginReconciler(workspace: workspace, managed: run.managed, url: remoteURL)
                .reconcile(write: !options.dryRun)
            run.originRefs = outcome.remote
            run.result.adoptedFromRemote = outcome.adopted
            run.localManaged = outcome.local
            run.originBranches = outcome.branches
            run.lap("origin")
        }
        if run.remoteURL != nil && !options.dryRun && !options.pushOnly {
            run.patchTargets = adoptPatchBranches(listed: run.originBranches, into: &run.result)
        }
    }

    /// 2–3. Lists upstream and, when it differs from the private namespace, fetches it there
    /// (dry run: objects only, no ref written).
    func readUpstream(_ run: inout SyncRun) throws(MirrorError) -> SyncRun.Upstream {
        let upstreamURL = configuration.upstream.url
        workspace.emit(.step("list upstream refs at \(upstreamURL)"))
        let advertised = try listUpstream(upstreamURL)
        run.lap("list")
        let branchRef = "refs/heads/" + configuration.upstream.branch
        guard let upstreamTip = advertised[branchRef] else {
            let branches = advertised.keys.filter { $0.hasPrefix("refs/heads/") }.map { String($0.dropFirst(11)) }.sorted()
            throw .runtime(
                "upstream \(upstreamURL) has no branch '\(configuration.upstream.branch)' (upstream.branch in \(configuration.file)); "
                    + (branches.isEmpty ? "it has no branches at all" : "it has: \(branches.prefix(10).joined(separator: ", "))"))
        }
        run.result.upstreamTip = upstreamTip
        let upstreamTags = SnapshotReader.releaseTags(in: advertised, pattern: configuration.upstream.releaseTags)

        // Already seen exactly this? Then only the plan and pending pushes can make work.
        let seen = try listPrivateNamespace()
        var expected: [String: ObjectID] = ["heads/" + configuration.upstream.branch: upstreamTip]
        for (name, id) in upstreamTags where RefNameLimit.fits("refs/tags/" + name) { expected["tags/" + name] = id }
        let changed = hasChanged(seen: seen, expected: expected, allStorable: expected.count == upstreamTags.count + 1)
        if changed {
            workspace.emit(.step("fetch upstream"))
            run.result.receivedObjects = try fetchUpstream(upstreamURL, tags: Array(upstreamTags.keys))
            run.lap("fetch")
        }
        return .init(tip: upstreamTip, tags: upstreamTags, changed: changed, seen: seen)
    }

    /// 4. Plans from a snapshot of the mirror's refs; notes whether the findings hold the run and
    /// what the smoke stage owes (an interrupted run's releases, new patch tips).
    func plan(_ run: inout SyncRun, _ upstream: SyncRun.Upstream) throws(MirrorError) -> MirrorSnapshot {
        let snapshot: MirrorSnapshot
        do {
            snapshot = try SnapshotReader(repository: repository, configuration: configuration)
                .read(upstreamTip: upstream.tip, upstreamTags: upstream.tags)
        } catch {
            throw workspace.failure(error, "read the mirror's refs")
        }
        run.planned = workspace.environment.now()
        run.result.plan = SyncPlanner(configuration: configuration).plan(snapshot, now: run.planned)
        run.findingsHold = run.result.plan.findings.contains { holds($0) }
        run.smokeEnabled = !options.noSmoke && smokeStage != nil && configuration.smoke.on != .never
        run.owed = run.smokeEnabled ? interruptedSmokes() + run.patchTargets : []
        return snapshot
    }

    /// Whether a finding holds the run (exit 3): always, or with `--strict`.
    func holds(_ finding: Finding) -> Bool {
        finding.alwaysHolds || (options.strict && finding.holdsWhenStrict)
    }

    /// The two early ends: nothing to do (up to date: refresh the sync record), or a dry run.
    /// - Returns: the result when the run ends here.
    func finishEarly(
        _ run: inout SyncRun, _ upstream: SyncRun.Upstream, _ snapshot: MirrorSnapshot
    ) throws(MirrorError) -> SyncResult? {
        let pending = try pendingPushes(originRefs: run.originRefs, managed: run.managed, local: run.localManaged)
        run.lap("plan")
        if !upstream.changed && run.result.plan.isEmpty && pending.isEmpty && !run.findingsHold && run.owed.isEmpty {
            for finding in FindingNotice.toPrint(run.result.plan.findings, seen: upstream.seen) {
                workspace.emit(.warning(finding.message))
            }
            run.result.upToDate = true
            run.result.mirrorTip = snapshot.mirrorTip
            if !options.dryRun {
                if !run.result.adoptedFromRemote.isEmpty { packReferences() }
                refreshRecord(upstreamTip: upstream.tip, remoteURL: run.remoteURL, into: &run.result)
            }
            return run.finished()
        }
        guard options.dryRun else { return nil }
        run.result.mirrorTip = snapshot.mirrorTip
        run.result.held = run.findingsHold
        run.result.exitStatus = run.findingsHold ? .held : .success
        return run.finished()
    }

    /// 5–6. Applies the plan: quarantine, tags and release branches, then the branch; packs the
    /// refs. When new releases are to be smoked, an "in-progress" record naming them comes first,
    /// so a run killed before their smoke finishes leaves the next run a list of what it still owes.
    func applyPlan(_ run: inout SyncRun, _ upstream: SyncRun.Upstream) {
        do {
            if run.smokeEnabled && !run.result.plan.newReleases.isEmpty {
                try SyncRecord(
                    time: ISO8601DateFormatter().string(from: run.planned), result: .inProgress,
                    upstreamTip: upstream.tip, newTags: run.result.plan.newReleases.map(\.tag),
                    toolVersion: RunEnvironment.toolVersion
                ).append(to: repository)
            }
            try apply(run.result.plan, into: &run.result)
        } catch {
            run.result.error = workspace.failure(error, "write mirror refs").description
            run.result.exitStatus = .failure
        }
        run.lap("apply")
        // Every run that wrote refs packs them, as `git pack-refs` would: a mirror holds thousands
        // of tags and release branches, and each later run (and libgit2's own fetch and push) lists
        // them several times; one file reads far faster than thousands.
        if upstream.changed || !run.result.applied.isEmpty || !run.result.adoptedFromRemote.isEmpty {
            packReferences()
            run.lap("pack-refs")
        }
        run.result.mirrorTip = try? repository.referenceTarget("refs/heads/" + configuration.mirror.branch)
        run.result.held = run.findingsHold
        for finding in FindingNotice.toPrint(run.result.plan.findings, seen: upstream.seen) {
            workspace.emit(holds(finding) ? .error(finding.message) : .warning(finding.message))
        }
    }

    /// 7. Smokes what is owed, the new releases, and the tip when configured.
    func smokeNewReleases(_ run: inout SyncRun) async {
        guard run.result.error == nil, run.smokeEnabled, let smokeStage else { return }
        var targets = run.owed + run.result.plan.newReleases.map {
            SmokeTarget(ref: "refs/tags/" + $0.tag, commit: $0.commit, version: $0.version)
        }
        if configuration.smoke.on == .newReleasesAndTip, let tip = run.result.mirrorTip,
            run.result.applied.contains(where: { $0.kind == .fastForward || $0.kind == .createBranch })
        {
            targets.append(SmokeTarget(ref: "refs/heads/" + configuration.mirror.branch, commit: tip, version: nil))
        }
        do {
            run.result.smoke = try await smokeStage.smoke(targets, in: workspace)
        } catch {
            run.result.error = error.description
            run.result.exitStatus = error.exitStatus
        }
        run.lap("smoke")
    }

    /// Records the run in the mirror itself (for `status`); a failure to record is a warning.
    func recordRun(_ run: SyncRun, _ upstream: SyncRun.Upstream) {
        guard run.result.error == nil else { return }
        let record = SyncRecord(
            time: ISO8601DateFormatter().string(from: workspace.environment.now()),
            result: run.recordOutcome, upstreamTip: upstream.tip,
            newTags: run.result.plan.newReleases.map(\.tag), toolVersion: RunEnvironment.toolVersion)
        do { try record.append(to: repository) } catch {
            workspace.emit(.warning(workspace.failure(error, "record the sync").description))
        }
    }

    /// 8. Pushes every managed ref the published mirror lacks.
    func pushPending(_ run: inout SyncRun) {
        guard let remoteURL = run.remoteURL, !options.noPush else { return }
        do {
            let refspecs = try pendingPushes(originRefs: run.originRefs, managed: run.managed)
            if !refspecs.isEmpty {
                workspace.emit(.step("push \(refspecs.count) ref(s) to \(remoteURL)"))
                run.result.pushed = try push(refspecs, to: remoteURL)
            }
        } catch {
            run.result.error = [run.result.error, error.description].compactMap { $0 }.joined(separator: "\n")
            run.result.exitStatus = .failure
        }
        run.lap("push")
    }

    /// 9. Reports, then the exit status: the first failure's, else held, else smoke failed.
    func report(_ run: inout SyncRun) async -> SyncResult {
        if let reportStage {
            run.result.reports = await reportStage.report(run.result, in: workspace)
            run.lap("reports")
        }
        run.result.exitStatus = run.exitStatus
        return run.finished()
    }
}
