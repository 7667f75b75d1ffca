import Foundation
import Git
@testable import ReleaseMirror
import Testing
import TestSupport

@Suite struct SyncEngineTests {
    @Test func firstSyncMirrorsEveryReleaseAndPushesTheSameRefs() async throws {
        let f = try SyncFixture(["--commits", "180", "--releases", "64", "--unrelated", "5"])
        let result = try await f.sync()
        #expect(result.exitStatus == .success)
        #expect(result.plan.newReleases.count == 64)
        let mirror = try SyncFixture.refs(f.mirror)
        let up = try SyncFixture.refs(f.upstream.path)
        for release in f.upstream.releases {
            let tagRef = "refs/tags/" + release.tag
            #expect(mirror[tagRef] == up[tagRef], "mirror tag \(release.tag) has upstream's object id")
            let peeled = try f.git("rev-parse", release.tag + "^{commit}")
            #expect(mirror["refs/heads/release/v" + release.version] == peeled)
        }
        #expect(try Shell.git("cat-file", "-t", "refs/tags/" + f.upstream.releases[0].tag, in: f.mirror) == "tag")
        #expect(mirror["refs/heads/upstream-main"] == up["refs/heads/main"])
        #expect(mirror.keys.filter { $0.hasPrefix("refs/tags/nightly") }.isEmpty, "unrelated tags are not mirrored")
        #expect(mirror["refs/heads/feature/topic-1"] == nil)
        let origin = try SyncFixture.refs(f.origin)
        for (name, sha) in mirror where name.hasPrefix("refs/tags/") || name.hasPrefix("refs/heads/") {
            #expect(origin[name] == sha, "origin holds \(name)")
        }
        #expect(origin["refs/release-mirror/last-sync"] != nil)
        // the refs it wrote are packed (one file, not one per ref), and each stage was timed
        let gitDirectory = try Shell.git("rev-parse", "--absolute-git-dir", in: f.mirror)
        let packed = try String(contentsOfFile: gitDirectory + "/packed-refs", encoding: .utf8)
        #expect(packed.contains(" refs/tags/\(f.upstream.releases[0].tag)\n"))
        #expect(packed.contains(" refs/release-mirror/upstream/heads/main\n"))
        let looseTags = try FileManager.default.subpathsOfDirectory(atPath: gitDirectory + "/refs/tags")
            .filter { !$0.hasSuffix("@moonshot-ai") && $0 != "@moonshot-ai" }
        #expect(looseTags.isEmpty, "\(looseTags)")
        #expect(result.phases.map(\.name) == ["origin", "list", "fetch", "plan", "apply", "pack-refs", "push"])
        #expect(result.phases.allSatisfy { $0.seconds >= 0 })
    }

    @Test func secondSyncIsUpToDateAndReceivesNothing() async throws {
        let f = try SyncFixture(["--commits", "60", "--releases", "10"])
        _ = try await f.sync()
        let before = try SyncFixture.refs(f.mirror)
        let second = try await f.sync()
        #expect(second.upToDate)
        #expect(second.exitStatus == .success)
        #expect(second.receivedObjects == 0)
        #expect(second.pushed.isEmpty)
        #expect(try SyncFixture.refs(f.mirror) == before, "a no-op run writes nothing, not even a record")
    }

    @Test func incrementalSyncChangesExactlyTheNewRefs() async throws {
        let f = try SyncFixture(["--commits", "60", "--releases", "10"])
        _ = try await f.sync()
        let mirrorBefore = try SyncFixture.refs(f.mirror)
        let originBefore = try SyncFixture.refs(f.origin)
        let sha = try f.upstream.commit("feat: one more")
        try f.git("tag", "-a", "-m", "Release 9.9.9", "@moonshot-ai/kimi-code@9.9.9")
        let result = try await f.sync()
        #expect(result.exitStatus == .success)
        #expect(result.plan.newReleases.map(\.tag) == ["@moonshot-ai/kimi-code@9.9.9"])
        let mirrorAfter = try SyncFixture.refs(f.mirror)
        let changed = Set(mirrorAfter.keys.filter { mirrorBefore[$0] != mirrorAfter[$0] })
        #expect(
            changed == [
                "refs/heads/upstream-main", "refs/tags/@moonshot-ai/kimi-code@9.9.9", "refs/heads/release/v9.9.9",
                "refs/release-mirror/upstream/heads/main", "refs/release-mirror/upstream/tags/@moonshot-ai/kimi-code@9.9.9",
                "refs/release-mirror/last-sync",
            ])
        #expect(mirrorAfter["refs/heads/upstream-main"] == sha)
        let originAfter = try SyncFixture.refs(f.origin)
        let originChanged = Set(originAfter.keys.filter { originBefore[$0] != originAfter[$0] })
        #expect(
            originChanged == [
                "refs/heads/upstream-main", "refs/tags/@moonshot-ai/kimi-code@9.9.9", "refs/heads/release/v9.9.9",
                "refs/release-mirror/last-sync",
            ])
    }

    @Test func historyRewriteIsHeldQuarantinedAndAcceptedOnlyOnRequest() async throws {
        let f = try SyncFixture(["--commits", "40", "--releases", "6"])
        _ = try await f.sync()
        let oldTip = try f.upstream.revParse("main")
        // upstream drops its last two commits, adds a new one, and tags a new release on it
        try f.git("reset", "-q", "--hard", "HEAD~2")
        let newTip = try f.upstream.commit("rewritten history")
        try f.git("tag", "@moonshot-ai/kimi-code@7.0.0")
        let result = try await f.sync()
        #expect(result.exitStatus == .held)
        #expect(result.held)
        let finding = try #require(result.plan.findings.first { $0.kind == .historyRewritten })
        #expect(finding.dropped == 2)
        #expect(finding.ours?.hex == oldTip)
        #expect(finding.theirs?.hex == newTip)
        let mirror = try SyncFixture.refs(f.mirror)
        #expect(mirror["refs/heads/upstream-main"] == oldTip, "branch unmoved")
        let quarantine = mirror.filter { $0.key.hasPrefix("refs/release-mirror/quarantine/") }
        #expect(quarantine.count == 1)
        #expect(quarantine.first?.value == newTip)
        #expect(quarantine.first?.key.hasSuffix("-" + String(newTip.prefix(12))) == true)
        #expect(mirror["refs/tags/@moonshot-ai/kimi-code@7.0.0"] == newTip, "the tag work still completes")
        #expect(try SyncFixture.refs(f.origin)["refs/heads/upstream-main"] == oldTip)

        // held again on the next run, without a second quarantine ref
        let again = try await f.sync()
        #expect(again.exitStatus == .held)
        #expect(try SyncFixture.refs(f.mirror).keys.filter { $0.hasPrefix("refs/release-mirror/quarantine/") }.count == 1)

        // accept-rewrite archives the old tip and moves on, locally and (leased) on origin
        let outcome = try RewriteAcceptor(workspace: f.workspace()).accept(newTip, push: true, lockTimeout: 0)
        #expect(outcome.oldTip?.hex == oldTip)
        let after = try SyncFixture.refs(f.mirror)
        #expect(after["refs/heads/upstream-main"] == newTip)
        let archive = try #require(outcome.archive)
        #expect(after[archive] == oldTip)
        let origin = try SyncFixture.refs(f.origin)
        #expect(origin["refs/heads/upstream-main"] == newTip)
        #expect(origin[archive] == oldTip)
        let next = try await f.sync()
        #expect(next.exitStatus == .success)
    }

    @Test func movedAndDeletedUpstreamTagsAreKeptAndReported() async throws {
        let f = try SyncFixture(["--commits", "40", "--releases", "6"])
        _ = try await f.sync()
        let moved = f.upstream.releases[1].tag
        let deleted = f.upstream.releases[2].tag
        let before = try SyncFixture.refs(f.mirror)
        try f.git("tag", "-f", "-a", "-m", "moved", moved, "HEAD")
        try f.git("tag", "-d", deleted)
        let result = try await f.sync()
        #expect(result.exitStatus == .success)
        #expect(Set(result.plan.findings.map(\.kind)) == [.tagMoved, .tagDeleted])
        #expect(result.plan.findings.first { $0.kind == .tagMoved }?.ref == "refs/tags/" + moved)
        let after = try SyncFixture.refs(f.mirror)
        #expect(after["refs/tags/" + moved] == before["refs/tags/" + moved])
        #expect(after["refs/tags/" + deleted] == before["refs/tags/" + deleted])
        #expect(f.log.warnings.contains { $0.contains(moved) })
        let strict = try await f.sync(SyncOptions(strict: true))
        #expect(strict.exitStatus == .held)
        #expect(try SyncFixture.refs(f.mirror)["refs/tags/" + moved] == before["refs/tags/" + moved])
        #expect(try SyncFixture.refs(f.origin)["refs/tags/" + moved] == before["refs/tags/" + moved])
    }

    @Test func dryRunChangesNoRefAnywhere() async throws {
        let f = try SyncFixture(["--commits", "40", "--releases", "6"])
        _ = try await f.sync()
        try f.upstream.commit("new")
        try f.git("tag", "@moonshot-ai/kimi-code@8.0.0")
        let mirrorBefore = try SyncFixture.refs(f.mirror)
        let originBefore = try SyncFixture.refs(f.origin)
        let plan = try await f.sync(SyncOptions(dryRun: true))
        #expect(plan.dryRun)
        #expect(plan.plan.actions.map(\.kind) == [.createTag, .createReleaseBranch, .fastForward])
        #expect(try SyncFixture.refs(f.mirror) == mirrorBefore)
        #expect(try SyncFixture.refs(f.origin) == originBefore)
        // dry run of a first sync on an empty mirror
        let g = try SyncFixture(["--commits", "20", "--releases", "3"])
        let firstPlan = try await g.sync(SyncOptions(dryRun: true))
        #expect(firstPlan.plan.newReleases.count == 3)
        #expect(try SyncFixture.refs(g.mirror).isEmpty)
        #expect(try SyncFixture.refs(g.origin).isEmpty)
    }

    @Test func originRejectingOneRefFailsNamingItAndTheNextRunCompletes() async throws {
        let f = try SyncFixture(["--commits", "40", "--releases", "4"])
        let served = f.tmp.url("srv")
        try FileManager.default.createDirectory(atPath: served, withIntermediateDirectories: true)
        try Shell.git("init", "-q", "--bare", served + "/origin.git", in: f.tmp.path)
        let hook = served + "/origin.git/hooks/pre-receive"
        let blocked = "refs/heads/release/v" + f.upstream.releases[2].version
        try "#!/bin/sh\nwhile read o n r; do [ \"$r\" = \"\(blocked)\" ] && { echo \"frozen by policy\" >&2; exit 1; }; done; exit 0\n"
            .write(toFile: hook, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook)
        let daemon = try GitDaemon(base: served)
        try f.writeConfig("", remote: true)
        try String(contentsOfFile: f.configPath, encoding: .utf8)
            .replacingOccurrences(of: "remote = \"origin.git\"", with: "remote = \"\(daemon.url("origin.git"))\"")
            .write(toFile: f.configPath, atomically: true, encoding: .utf8)
        let result = try await f.sync()
        #expect(result.exitStatus == .failure)
        #expect(result.error?.contains(blocked) == true, "\(result.error ?? "")")
        let local = try SyncFixture.refs(f.mirror)
        #expect(local[blocked] != nil, "local refs stay so the next run retries")
        try FileManager.default.removeItem(atPath: hook)
        let retry = try await f.sync()
        #expect(retry.exitStatus == .success, "\(retry.error ?? "")")
        #expect(try SyncFixture.refs(served + "/origin.git")[blocked] == local[blocked])
        let noop = try await f.sync()
        #expect(noop.upToDate)
    }

    @Test func releaseTagPatternIsLiteralAndNonSemVerIsSkipped() async throws {
        let f = try SyncFixture(["--commits", "10", "--releases", "0", "--unrelated", "0"])
        try f.git("tag", "pkg.(core)+v1.2.3$")
        try f.git("tag", "pkgX(core)+v1.2.4$")  // would match if '.' were a regex
        try f.git("tag", "pkg.(core)+v1.2$")  // not SemVer
        try f.git("tag", "pkg.(core)+v01.2.3$")  // leading zero: not SemVer
        try f.git("tag", "@moonshot-ai/kimi-code@1.0.0")  // default pattern: not configured here
        try f.writeConfig("[upstream]\n", remote: true)
        try """
            [upstream]
            url = "up"
            release-tags = "pkg.(core)+v{version}$"

            [mirror]
            repository = "mirror.git"
            remote = "origin.git"

            [smoke]
            on = "never"
            """.write(toFile: f.configPath, atomically: true, encoding: .utf8)
        let result = try await f.sync()
        #expect(result.exitStatus == .success)
        let tags = try SyncFixture.refs(f.mirror).keys.filter { $0.hasPrefix("refs/tags/") }
        #expect(tags == ["refs/tags/pkg.(core)+v1.2.3$"])
        let invalid = result.plan.findings.filter { $0.kind == .invalidVersion }.map(\.ref).sorted()
        #expect(invalid == ["refs/tags/pkg.(core)+v01.2.3$", "refs/tags/pkg.(core)+v1.2$"])
        #expect(f.log.warnings.contains { $0.contains("not a SemVer 2.0 version") })
    }

    @Test func badUpstreamsFailClearlyAndWriteNothing() async throws {
        // missing branch
        let f = try SyncFixture(["--commits", "10", "--releases", "2"], config: "")
        try String(contentsOfFile: f.configPath, encoding: .utf8)
            .replacingOccurrences(of: "url = \"up\"", with: "url = \"up\"\nbranch = \"trunk\"")
            .write(toFile: f.configPath, atomically: true, encoding: .utf8)
        let missing = try await #require(throws: MirrorError.self) { try await f.sync() }
        #expect(missing.description.contains("no branch 'trunk'"))
        #expect(missing.description.contains("main"))
        #expect(try SyncFixture.refs(f.mirror).isEmpty)
        #expect(try SyncFixture.refs(f.origin).isEmpty)

        // unreachable URL
        let g = try SyncFixture(["--commits", "5", "--releases", "1"], url: "git://127.0.0.1:1/nothing.git")
        let unreachable = try await #require(throws: MirrorError.self) { try await g.sync() }
        #expect(unreachable.exitStatus == .failure)
        #expect(unreachable.description.contains("upstream.url = git://127.0.0.1:1/nothing.git"))
        #expect(try SyncFixture.refs(g.mirror).isEmpty)

        // empty upstream
        let h = try SyncFixture(["--commits", "5", "--releases", "1"], url: "empty.git")
        try Shell.git("init", "-q", "--bare", h.tmp.url("empty.git"), in: h.tmp.path)
        let empty = try await #require(throws: MirrorError.self) { try await h.sync() }
        #expect(empty.description.contains("empty"))
        #expect(try SyncFixture.refs(h.mirror).isEmpty)
    }

    @Test func aFreshRunnerAdoptsThePublishedMirror() async throws {
        let f = try SyncFixture(["--commits", "40", "--releases", "5"])
        _ = try await f.sync()
        // a new runner: empty local mirror, same origin
        try FileManager.default.removeItem(atPath: f.mirror)
        let result = try await f.sync()
        #expect(result.exitStatus == .success)
        #expect(result.adoptedFromRemote.contains("refs/heads/upstream-main"))
        #expect(result.plan.newReleases.isEmpty, "nothing is re-created")
        #expect(result.pushed.isEmpty || result.pushed == ["refs/release-mirror/last-sync"])
    }

    @Test func aNoOpRunRefreshesAnOldRecordSoStatusSeesTheJobRuns() async throws {
        let f = try SyncFixture(["--commits", "20", "--releases", "3"])
        let t0 = Date()
        _ = try await f.sync(now: t0)
        let first = try #require(try SyncFixture.refs(f.origin)["refs/release-mirror/last-sync"])
        let soon = try await f.sync(now: t0.addingTimeInterval(600))
        #expect(soon.upToDate && soon.pushed.isEmpty)
        #expect(try SyncFixture.refs(f.origin)["refs/release-mirror/last-sync"] == first)
        let later = try await f.sync(now: t0.addingTimeInterval(2 * 3600))
        #expect(later.upToDate)
        #expect(later.receivedObjects == 0)
        #expect(later.pushed == ["refs/release-mirror/last-sync"])
        let record = try #require(try SyncRecord.latest(in: Repository.open(at: f.mirror)))
        #expect(record.record.date.map { abs($0.timeIntervalSince(t0.addingTimeInterval(7200))) < 2 } == true)
        let status = try MirrorStatus.read(workspace: f.workspace(now: t0.addingTimeInterval(3 * 3600)), offline: true, maxAge: 36 * 3600)
        #expect(!status.stale)
        let stale = try MirrorStatus.read(workspace: f.workspace(now: t0.addingTimeInterval(40 * 3600)), offline: true, maxAge: 36 * 3600)
        #expect(stale.stale)
    }

    @Test func aSplitWorkflowMirrorsWithoutTheTokenAndPublishesWithoutUpstream() async throws {
        let f = try SyncFixture(["--commits", "30", "--releases", "4"])
        let local = try await f.sync(SyncOptions(noPush: true))
        #expect(local.exitStatus == .success)
        #expect(try SyncFixture.refs(f.origin).isEmpty, "--no-push sends nothing")
        // upstream moves on between the two jobs: the push job must not mirror it unsmoked
        try f.upstream.commit("later")
        try f.git("tag", "@moonshot-ai/kimi-code@9.0.0")
        let published = try await f.sync(SyncOptions(pushOnly: true))
        #expect(published.exitStatus == .success)
        let mirror = try SyncFixture.refs(f.mirror)
        let origin = try SyncFixture.refs(f.origin)
        #expect(mirror["refs/tags/@moonshot-ai/kimi-code@9.0.0"] == nil)
        for (name, sha) in mirror where name.hasPrefix("refs/tags/") || name.hasPrefix("refs/heads/") {
            #expect(origin[name] == sha, "\(name) published")
        }
        #expect(published.pushed.count == mirror.filter { $0.key.hasPrefix("refs/tags/") || $0.key.hasPrefix("refs/heads/") }.count + 1)
        let again = try await f.sync(SyncOptions(pushOnly: true))
        #expect(again.upToDate && again.pushed.isEmpty)
    }
}
