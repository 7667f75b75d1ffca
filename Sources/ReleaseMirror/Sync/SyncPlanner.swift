import Foundation
import Git

/// Pure decisions: given upstream's and the mirror's refs, which refs to create or fast-forward,
/// and what to report. No I/O; `SyncEngine` applies the plan.
public struct SyncPlanner: Sendable {
    /// The release tag pattern (`@scope/name@{version}`).
    public var releaseTags: NamePattern
    /// The release branch pattern (`release/v{version}`).
    public var releaseBranch: NamePattern
    /// The mirror branch short name (`upstream-main`).
    public var mirrorBranch: String

    public init(releaseTags: NamePattern, releaseBranch: NamePattern, mirrorBranch: String) {
        self.releaseTags = releaseTags
        self.releaseBranch = releaseBranch
        self.mirrorBranch = mirrorBranch
    }

    public init(configuration: Configuration) {
        self.init(
            releaseTags: configuration.upstream.releaseTags, releaseBranch: configuration.mirror.releaseBranch,
            mirrorBranch: configuration.mirror.branch)
    }

    /// The quarantine ref for a rewritten tip seen at `date`.
    public static func quarantineRef(for tip: ObjectID, at date: Date) -> String {
        "refs/release-mirror/quarantine/\(stamp(date))-\(tip.short(12))"
    }

    /// `YYYYMMDDTHHMMSSZ` in UTC.
    public static func stamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d%02d%02dT%02d%02d%02dZ", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0,
            c.second ?? 0)
    }

    /// The release version of a tag short name, or `nil` when the name does not fit the pattern.
    /// A name that fits but whose version is not SemVer yields `.invalid`; one that is SemVer but
    /// for a number above 2^64 − 1 yields `.tooLarge` with that number.
    public enum TagVersion: Equatable { case valid(SemanticVersion), invalid(String), tooLarge(String, number: String) }

    public func version(ofTag name: String) -> TagVersion? {
        guard let raw = releaseTags.value(in: name) else { return nil }
        if let number = SemanticVersion.numberTooLarge(in: raw) { return .tooLarge(raw, number: number) }
        guard let version = SemanticVersion(raw), version.description == raw else { return .invalid(raw) }
        return .valid(version)
    }

    typealias Candidate = (name: String, version: SemanticVersion, target: MirrorSnapshot.TagTarget)

    /// Upstream's tags that are releases the mirror can hold, oldest version first; every other
    /// tag fitting the pattern becomes a finding (a warning): not SemVer, a number too large, or
    /// a tag or release branch name no file system can hold.
    func releaseCandidates(_ snapshot: MirrorSnapshot, findings: inout [Finding]) -> [Candidate] {
        var candidates: [Candidate] = []
        for (name, target) in snapshot.upstreamTags {
            let known = snapshot.mirrorTags[name] != nil
            switch version(ofTag: name) {
            case nil:
                continue
            case .invalid(let raw):
                if !known {
                    findings.append(
                        Finding(
                            kind: .invalidVersion, ref: "refs/tags/" + name,
                            message: "skipped: \"\(raw)\" is not a SemVer 2.0 version, so \(name) is not mirrored",
                            theirs: target.object))
                }
            case let .tooLarge(raw, number):
                if !known {
                    findings.append(
                        Finding(
                            kind: .versionTooLarge, ref: "refs/tags/" + name,
                            message: "skipped: \"\(raw)\" has the number \(number), too large (a version number here is at most "
                                + "\(UInt64.max), 2^64 − 1), so \(name) is not mirrored",
                            theirs: target.object))
                }
            case .valid(let version):
                let branch = "refs/heads/" + releaseBranch.name(for: version.description)
                if !known, let ref = ["refs/tags/" + name, branch].first(where: { !RefNameLimit.fits($0) }),
                    let problem = RefNameLimit.problem(ref)
                {
                    findings.append(
                        Finding(
                            kind: .nameTooLong, ref: "refs/tags/" + name,
                            message: "skipped: a name too long for a file system: \(ref) \(problem); so \(name) is not "
                                + "mirrored (every other release is)", theirs: target.object))
                    continue
                }
                candidates.append((name, version, target))
            }
        }
        candidates.sort { $0.version < $1.version || ($0.version == $1.version && $0.name < $1.name) }
        return candidates
    }

    /// Computes the plan: the branch's quarantine (if any) first, then each new release's tag and
    /// release branch, oldest version first, then the branch itself; findings along the way.
    public func plan(_ snapshot: MirrorSnapshot, now: Date) -> SyncPlan {
        var plan = SyncPlan()
        // The branch itself moves last, after the tags and release branches it may lead to.
        let branchAction = planBranch(snapshot, now: now, into: &plan)
        for candidate in releaseCandidates(snapshot, findings: &plan.findings) {
            planRelease(candidate, snapshot, into: &plan)
        }
        if let branchAction { plan.actions.append(branchAction) }
        plan.findings += deletedTagFindings(snapshot)
        return plan
    }

    /// The branch: create, fast-forward, or hold a rewrite (its quarantine and finding go into
    /// `plan` now). - Returns: the branch's own action, applied after the releases.
    func planBranch(_ snapshot: MirrorSnapshot, now: Date, into plan: inout SyncPlan) -> RefAction? {
        let branchRef = "refs/heads/" + mirrorBranch
        guard let upstreamTip = snapshot.upstreamTip else { return nil }
        switch snapshot.relation {
        case .noMirrorBranch:
            return RefAction(kind: .createBranch, ref: branchRef, new: upstreamTip)
        case .same:
            return nil
        case .fastForward:
            return RefAction(kind: .fastForward, ref: branchRef, old: snapshot.mirrorTip, new: upstreamTip)
        case let .diverged(base, dropped, added):
            if !snapshot.quarantined.contains(upstreamTip) {
                plan.actions.append(
                    RefAction(kind: .quarantine, ref: SyncPlanner.quarantineRef(for: upstreamTip, at: now), new: upstreamTip))
            }
            plan.findings.append(
                Finding(
                    kind: .historyRewritten, ref: branchRef,
                    message: "upstream rewrote its history: \(dropped) mirrored commit(s) are no longer on upstream's branch "
                        + "(mirror \(snapshot.mirrorTip?.short() ?? "?") → upstream \(upstreamTip.short()), merge base "
                        + "\(base?.short() ?? "none")); \(branchRef) is held. Inspect the quarantine ref, then run "
                        + "`release-mirror accept-rewrite \(upstreamTip.hex)` to move on",
                    ours: snapshot.mirrorTip, theirs: upstreamTip, mergeBase: base, dropped: dropped, added: added))
            return nil
        }
    }

    /// One upstream release: a tag the mirror already has (a moved tag is a finding; a missing
    /// release branch is created at *our* tag's commit), or a new tag and its release branch.
    func planRelease(_ candidate: Candidate, _ snapshot: MirrorSnapshot, into plan: inout SyncPlan) {
        let tagRef = "refs/tags/" + candidate.name
        let branchName = releaseBranch.name(for: candidate.version.description)
        let version = candidate.version.description
        if let ours = snapshot.mirrorTags[candidate.name] {
            if ours.object != candidate.target.object {
                plan.findings.append(
                    Finding(
                        kind: .tagMoved, ref: tagRef,
                        message: "upstream moved \(candidate.name) from \(ours.object.short()) to "
                            + "\(candidate.target.object.short()); the mirror keeps \(ours.object.short())",
                        ours: ours.object, theirs: candidate.target.object))
            }
            // A mirror tag without its release branch (an interrupted run, or a mirror made by
            // another tool): create the branch at *our* tag's commit.
            if let commit = ours.commit, snapshot.releaseBranches[branchName] == nil {
                plan.actions.append(
                    RefAction(kind: .createReleaseBranch, ref: "refs/heads/" + branchName, new: commit, version: version))
            }
            return
        }
        guard let commit = candidate.target.commit else {
            plan.findings.append(
                Finding(
                    kind: .tagNotCommit, ref: tagRef,
                    message: "skipped: \(candidate.name) does not point at a commit", theirs: candidate.target.object))
            return
        }
        plan.actions.append(RefAction(kind: .createTag, ref: tagRef, new: candidate.target.object, version: version))
        plan.newReleases.append(
            NewRelease(tag: candidate.name, version: version, object: candidate.target.object, commit: commit))
        if let existing = snapshot.releaseBranches[branchName] {
            if existing != commit {
                plan.findings.append(
                    Finding(
                        kind: .releaseBranchConflict, ref: "refs/heads/" + branchName,
                        message: "refs/heads/\(branchName) already exists at \(existing.short()), not at the release "
                            + "commit \(commit.short()); left as it is",
                        ours: existing, theirs: commit))
            }
        } else {
            plan.actions.append(
                RefAction(kind: .createReleaseBranch, ref: "refs/heads/" + branchName, new: commit, version: version))
        }
    }

    /// Tags we mirrored that upstream no longer has (sorted by name).
    func deletedTagFindings(_ snapshot: MirrorSnapshot) -> [Finding] {
        snapshot.mirrorTags.sorted(by: { $0.key < $1.key }).compactMap { name, ours in
            guard snapshot.upstreamTags[name] == nil, case .valid = version(ofTag: name) else { return nil }
            return Finding(
                kind: .tagDeleted, ref: "refs/tags/" + name,
                message: "upstream deleted \(name); the mirror keeps it at \(ours.object.short())", ours: ours.object)
        }
    }
}
