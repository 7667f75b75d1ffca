import Foundation
import Git
import ReleaseMirror
import Testing

/// The planner is pure: snapshots in, plans out, no repository.
@Suite struct SyncPlannerTests {
    static func id(_ n: Int) -> ObjectID { ObjectID(hex: String(format: "%040x", n))! }
    let planner = SyncPlanner(
        releaseTags: NamePattern("@scope/pkg@{version}")!, releaseBranch: NamePattern("release/v{version}")!,
        mirrorBranch: "upstream-main")
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func snapshot(
        relation: MirrorSnapshot.TipRelation = .same, upstream: [String: (Int, Int)] = [:], mirror: [String: (Int, Int)] = [:],
        branches: [String: Int] = [:], quarantined: Set<Int> = []
    ) -> MirrorSnapshot {
        MirrorSnapshot(
            upstreamTip: Self.id(100), mirrorTip: relation == .noMirrorBranch ? nil : Self.id(99), relation: relation,
            upstreamTags: upstream.mapValues { .init(object: Self.id($0.0), commit: Self.id($0.1)) },
            mirrorTags: mirror.mapValues { .init(object: Self.id($0.0), commit: Self.id($0.1)) },
            releaseBranches: branches.mapValues { Self.id($0) }, quarantined: Set(quarantined.map { Self.id($0) }))
    }

    @Test func firstSyncCreatesTagsInVersionOrderThenTheBranch() {
        let plan = planner.plan(
            snapshot(relation: .noMirrorBranch, upstream: ["@scope/pkg@1.10.0": (3, 30), "@scope/pkg@1.2.0": (2, 20), "@scope/pkg@1.2.0-rc.1": (1, 10)]),
            now: now)
        #expect(plan.actions.map(\.ref) == [
            "refs/tags/@scope/pkg@1.2.0-rc.1", "refs/heads/release/v1.2.0-rc.1",
            "refs/tags/@scope/pkg@1.2.0", "refs/heads/release/v1.2.0",
            "refs/tags/@scope/pkg@1.10.0", "refs/heads/release/v1.10.0",
            "refs/heads/upstream-main",
        ])
        #expect(plan.actions.last?.kind == .createBranch)
        #expect(plan.actions[0].new == Self.id(1), "the mirror tag is upstream's object")
        #expect(plan.actions[1].new == Self.id(10), "the release branch is at the peeled commit")
    }

    @Test func nothingChangedMeansAnEmptyPlan() {
        let plan = planner.plan(
            snapshot(upstream: ["@scope/pkg@1.0.0": (1, 10)], mirror: ["@scope/pkg@1.0.0": (1, 10)], branches: ["release/v1.0.0": 10]),
            now: now)
        #expect(plan.isEmpty)
        #expect(plan.findings.isEmpty)
    }

    @Test func fastForwardIsCompareAndSwap() {
        let plan = planner.plan(snapshot(relation: .fastForward(commits: 3)), now: now)
        #expect(plan.actions == [RefAction(kind: .fastForward, ref: "refs/heads/upstream-main", old: Self.id(99), new: Self.id(100))])
    }

    @Test func rewriteQuarantinesOnceAndHolds() {
        let rewrite = MirrorSnapshot.TipRelation.diverged(mergeBase: Self.id(50), dropped: 2, added: 1)
        let plan = planner.plan(snapshot(relation: rewrite), now: now)
        #expect(plan.actions.count == 1)
        #expect(plan.actions[0].kind == .quarantine)
        #expect(plan.actions[0].ref == "refs/release-mirror/quarantine/20270115T080000Z-" + Self.id(100).short(12))
        #expect(plan.findings.map(\.kind) == [.historyRewritten])
        #expect(plan.findings[0].dropped == 2)
        #expect(plan.findings[0].alwaysHolds)
        let again = planner.plan(snapshot(relation: rewrite, quarantined: [100]), now: now)
        #expect(again.actions.isEmpty, "already quarantined")
        #expect(again.findings.map(\.kind) == [.historyRewritten])
    }

    @Test func movedAndDeletedTagsAreFindingsNeverActions() {
        let plan = planner.plan(
            snapshot(
                upstream: ["@scope/pkg@1.0.0": (7, 70)],
                mirror: ["@scope/pkg@1.0.0": (1, 10), "@scope/pkg@0.9.0": (2, 20)],
                branches: ["release/v1.0.0": 10, "release/v0.9.0": 20]),
            now: now)
        #expect(plan.actions.isEmpty)
        #expect(plan.findings.map(\.kind).sorted { $0.rawValue < $1.rawValue } == [.tagDeleted, .tagMoved])
        #expect(plan.findings.allSatisfy { $0.holdsWhenStrict && !$0.alwaysHolds })
    }

    @Test func nonSemVerTagsAreSkippedWithAFinding() {
        let plan = planner.plan(
            snapshot(upstream: ["@scope/pkg@latest": (1, 10), "@scope/pkg@1.2": (2, 20), "@scope/pkg@v1.2.3": (3, 30), "@scope/pkg@1.2.3": (4, 40)]),
            now: now)
        #expect(plan.newReleases.map(\.tag) == ["@scope/pkg@1.2.3"])
        #expect(plan.findings.filter { $0.kind == .invalidVersion }.count == 3)
    }

    @Test func missingReleaseBranchIsCreatedAtOurTagsCommit() {
        let plan = planner.plan(
            snapshot(upstream: ["@scope/pkg@1.0.0": (1, 10)], mirror: ["@scope/pkg@1.0.0": (1, 10)]), now: now)
        #expect(plan.actions == [
            RefAction(kind: .createReleaseBranch, ref: "refs/heads/release/v1.0.0", new: Self.id(10), version: "1.0.0")
        ])
    }

    @Test func releaseBranchElsewhereIsLeftAndReported() {
        let plan = planner.plan(snapshot(upstream: ["@scope/pkg@1.0.0": (1, 10)], branches: ["release/v1.0.0": 11]), now: now)
        #expect(plan.actions.map(\.kind) == [.createTag])
        #expect(plan.findings.map(\.kind) == [.releaseBranchConflict])
    }

    @Test func semVerIsStrictAndOrdered() {
        for bad in ["1.2", "01.2.3", "1.2.3-01", "v1.2.3", "1.2.3-", "1.2.3+", "1..3", " 1.2.3", "1.2.3 ", "1.2.3-a..b"] {
            #expect(SemanticVersion(bad) == nil, "\(bad)")
        }
        let sorted = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0"]
        let versions = sorted.compactMap(SemanticVersion.init)
        #expect(versions.count == sorted.count)
        #expect(versions.shuffled().sorted() == versions)
        #expect(SemanticVersion("1.2.3+build.5")?.description == "1.2.3+build.5")
    }

    @Test func releasesNoFileSystemCanNameOrWithTooLargeNumbersAreFindings() {
        let planner = SyncPlanner(
            releaseTags: NamePattern("@scope/pkg@{version}")!, releaseBranch: NamePattern("release/line-of-v{version}-for-consumers")!,
            mirrorBranch: "upstream-main")
        let long = "@scope/pkg@1.0.0-" + String(repeating: "x", count: 250)
        let branchTooLong = "@scope/pkg@1.0.0-" + String(repeating: "y", count: 230)  // the tag fits, its release branch does not
        let plan = planner.plan(
            snapshot(upstream: [
                long: (1, 10), branchTooLong: (2, 20), "@scope/pkg@18446744073709551616.0.0": (3, 30),
                "@scope/pkg@1.0.18446744073709551615": (4, 40), "@scope/pkg@1.0.0": (5, 50),
            ]), now: now)
        #expect(plan.newReleases.map(\.tag) == ["@scope/pkg@1.0.0", "@scope/pkg@1.0.18446744073709551615"])
        let findings = Dictionary(uniqueKeysWithValues: plan.findings.map { ($0.ref, $0) })
        #expect(findings["refs/tags/" + long]?.kind == .nameTooLong)
        #expect(findings["refs/tags/" + long]?.message.contains("has a part of 260 bytes") == true)
        #expect(findings["refs/tags/" + branchTooLong]?.kind == .nameTooLong)
        #expect(findings["refs/tags/" + branchTooLong]?.message.contains("refs/heads/release/line-of-v1.0.0-yyy") == true)
        let large = findings["refs/tags/@scope/pkg@18446744073709551616.0.0"]
        #expect(large?.kind == .versionTooLarge)
        #expect(large?.message.contains("the number 18446744073709551616, too large") == true, "\(String(describing: large))")
        #expect(plan.findings.count == 3)
        #expect(plan.findings.allSatisfy { !$0.alwaysHolds && !$0.holdsWhenStrict }, "warnings, never a hold")
    }

    @Test func refNameLimitIsTheFileSystemsNameLimitLessLock() {
        #expect(RefNameLimit.fits("refs/tags/" + String(repeating: "a", count: 250)))
        #expect(!RefNameLimit.fits("refs/tags/" + String(repeating: "a", count: 251)))
        #expect(RefNameLimit.fits("refs/tags/" + Array(repeating: String(repeating: "a", count: 200), count: 10).joined(separator: "/")))
        #expect(!RefNameLimit.fits("refs/tags/" + Array(repeating: String(repeating: "a", count: 200), count: 11).joined(separator: "/")))
        #expect(SemanticVersion.numberTooLarge(in: "1.0.18446744073709551616-rc.1") == "18446744073709551616")
        #expect(SemanticVersion.numberTooLarge(in: "1.0.18446744073709551615") == nil, "a version")
        #expect(SemanticVersion.numberTooLarge(in: "01.0.18446744073709551616") == nil, "not SemVer anyway")
        #expect(SemanticVersion.numberTooLarge(in: "1.0") == nil)
    }

    @Test func semVerNumbersGoUpTo2To64MinusOne() {
        for text in ["1.0.4294967296", "18446744073709551615.0.0", "0.18446744073709551615.1", "1.2.18446744073709551615-rc.1"] {
            #expect(SemanticVersion(text)?.description == text, "\(text)")
        }
        for text in ["18446744073709551616.0.0", "1.99999999999999999999.0", "1.0.100000000000000000000"] {
            #expect(SemanticVersion(text) == nil, "\(text) is above 2^64 - 1")
        }
        let ordered = ["1.0.999999999", "1.0.1000000000", "1.0.18446744073709551615", "2.0.0"].compactMap(SemanticVersion.init)
        #expect(ordered.count == 4)
        #expect(ordered.shuffled().sorted() == ordered)
        // Numeric pre-release identifiers of any length compare as numbers (SemVer 2.0 §11).
        let pre = ["1.0.0-rc.9", "1.0.0-rc.10", "1.0.0-rc.99999999999999999999", "1.0.0-rc.100000000000000000000"]
        #expect(pre.compactMap(SemanticVersion.init).reversed().sorted() == pre.compactMap(SemanticVersion.init))
    }

    @Test func namePatternIsLiteral() {
        let pattern = NamePattern("a.b+{version}$")!
        #expect(pattern.value(in: "a.b+1.2.3$") == "1.2.3")
        #expect(pattern.value(in: "aXb+1.2.3$") == nil)
        #expect(pattern.value(in: "a.b+$") == nil)
        #expect(NamePattern("no placeholder") == nil)
        #expect(NamePattern("{version}-{version}") == nil)
    }
}
