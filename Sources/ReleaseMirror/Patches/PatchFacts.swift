public import Git

/// What `audit` knows about one patch (a registry row, or a patch branch without one), read from
/// the mirror by `PatchFacts.read`, judged by the pure `PatchFacts.findings`.
public struct PatchFacts: Sendable, Equatable {
    /// The branch (short name).
    public var branch: String
    /// The registry row, when there is one.
    public var row: PatchRow?
    /// The branch's tip in the mirror, when it has the branch.
    public var tip: ObjectID?
    /// The base tag's commit in the mirror, when the tag exists.
    public var baseCommit: ObjectID?
    /// Whether the tip contains the base commit.
    public var containsBase: Bool
    /// The patch ids of the non-merge commits in `base..tip` (merges are skipped; the commits they
    /// bring in are walked like any other). Commits that change nothing have none.
    public var patchIDs: [ObjectID: ObjectID]
    /// The patch ids of the commits on `mirror.branch` after the base.
    public var upstreamPatchIDs: Set<ObjectID>
    /// The newest mirror release newer than the base, when there is one.
    public var newerRelease: String?
    /// The smoke note's status at the tip.
    public var smoke: SmokeOutcome.Status?

    /// Whether every change of the patch is on upstream's branch after the base (and there is one).
    public var isAbsorbed: Bool {
        !patchIDs.isEmpty && patchIDs.values.allSatisfy(upstreamPatchIDs.contains)
    }

    /// The findings for `facts` (pure).
    static func findings(_ facts: [PatchFacts], registry: PatchRegistry, mirrorBranch: String) -> [AuditFinding] {
        var findings = registry.problems.map {
            AuditFinding(.ledgerSyntax, line: $0.line, subject: registry.path, message: "patch registry: " + $0.message)
        }
        for fact in facts { findings += fact.findings(mirrorBranch: mirrorBranch) }
        return findings
    }

    /// This patch's findings.
    func findings(mirrorBranch: String) -> [AuditFinding] {
        let line = row?.line
        guard let row, !row.isRetired else {
            let why = row == nil ? "has no row in the patch registry" : "is retired in the patch registry but still exists"
            return [
                AuditFinding(
                    .patchUnregistered, line: line, subject: branch,
                    message: "\(branch) \(why); register it with `release-mirror patch start` (or delete it by hand if it is no patch)")
            ]
        }
        guard let tip else {
            return [
                AuditFinding(
                    .patchMissing, line: line, subject: branch,
                    message: "the registry lists \(branch) as active, but the mirror has no such branch; run `release-mirror patch list` "
                        + "to take it from the remote, or `patch retire` the row")
            ]
        }
        guard baseCommit != nil, containsBase else {
            let why = baseCommit == nil ? "its base \(row.baseTag) is no mirror tag" : "it does not contain \(row.baseTag) (\(baseCommit?.short() ?? ""))"
            return [
                AuditFinding(
                    .patchOffBase, line: line, subject: branch,
                    message: "\(branch) (tip \(tip.short())) is off its base: \(why); rebase it and run `release-mirror patch set-base`")
            ]
        }
        var findings: [AuditFinding] = []
        if isAbsorbed {
            findings.append(
                AuditFinding(
                    .patchAbsorbed, line: line, subject: branch,
                    message: "all \(patchIDs.count) change(s) of \(branch) since \(row.baseTag) are on \(mirrorBranch) after it "
                        + "(same patch ids): retire it with `release-mirror patch retire`"))
        } else if let newerRelease {
            findings.append(
                AuditFinding(
                    .patchSuperseded, line: line, subject: branch,
                    message: "\(newerRelease) is newer than \(branch)'s base \(row.baseTag) and the patch is not absorbed: rebase it "
                        + "onto \(newerRelease) (then `patch set-base`) or retire it"))
        }
        if let smoke, smoke != .passed {
            findings.append(
                AuditFinding(
                    .patchSmokeFailed, line: line, subject: branch,
                    message: "the smoke note at \(branch)'s tip \(tip.short()) says \(smoke.rawValue); fix the branch before publishing from it"))
        }
        return findings
    }
}
