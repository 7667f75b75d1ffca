import Foundation
import Git

/// `release-mirror audit` (SPEC §5.5): checks the ledger against git truth and the mirror's own
/// invariants. Everything is read once through the Git layer (`ReleaseInventory`), so thousands of
/// tags audit in well under a second; nothing is written.
public struct Auditor {
    let workspace: MirrorWorkspace

    /// Creates an auditor for the workspace's mirror.
    public init(workspace: MirrorWorkspace) { self.workspace = workspace }

    /// Audits the ledger at `ledgerPath` (default `publish.ledger`).
    /// - Throws: `MirrorError` when the ledger or the repository cannot be read at all.
    public func audit(ledgerPath: String? = nil) throws(MirrorError) -> AuditReport {
        let started = Date()
        let configuration = workspace.configuration
        let path = ledgerPath ?? configuration.publish.ledger
        let document = try LedgerDocument.read(path: path)
        let inventory: ReleaseInventory
        do {
            inventory = try ReleaseInventory.read(repository: workspace.repository, configuration: configuration)
        } catch {
            throw workspace.failure(error, "read the mirror's releases for the audit")
        }
        let findings = Auditor.findings(document: document, inventory: inventory, configuration: configuration, ledgerName: path)
            + (try patchFindings())
        return AuditReport(
            ledger: path, repository: configuration.mirror.repository, releases: inventory.releases.count,
            rows: document.rows.count, publishTags: inventory.publishTags.count, findings: findings,
            durationSeconds: Date().timeIntervalSince(started))
    }

    /// Every finding for a parsed ledger and an inventory (pure: no I/O).
    static func findings(
        document: LedgerDocument, inventory: ReleaseInventory, configuration: Configuration, ledgerName: String
    ) -> [AuditFinding] {
        var findings: [AuditFinding] = []
        let releasePattern = configuration.upstream.releaseTags
        let manifestPath = configuration.publish.manifest
        let rule = PublishVersionRule(allowSuffix: configuration.publish.allowSuffix)
        let releasesByTag = Dictionary(inventory.releases.map { ($0.tag, $0) }, uniquingKeysWith: { a, _ in a })
        let publishByName = Dictionary(inventory.publishTags.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let hasTable = document.beginLine != nil

        // The ledger itself.
        for problem in document.markerProblems {
            findings.append(.init(.ledgerSyntax, line: problem.line, subject: ledgerName, message: problem.message))
        }
        if document.hasNoMarkers {
            findings.append(
                .init(
                    .ledgerSyntax, line: nil, subject: ledgerName,
                    message: "no managed table (\(LedgerTable.beginMarker) … \(LedgerTable.endMarker)); "
                        + "run `release-mirror ledger update` to add it"))
        }
        for problem in document.problems {
            findings.append(.init(.ledgerSyntax, line: problem.line, subject: ledgerName, message: problem.message))
        }

        // Row by row.
        var firstRow: [String: LedgerRow] = [:]
        var listedPublish: [String: LedgerRow] = [:]
        var patchRows: Set<String> = []
        for row in document.rows {
            if let branch = row.patchBranch {
                for name in row.publishTags where listedPublish[name] == nil { listedPublish[name] = row }
                if !patchRows.insert("\(row.tag) (\(branch)) \(row.commit)").inserted {
                    findings.append(
                        .init(.duplicateRow, line: row.line, subject: row.tag, message: "a second row for \(row.tag) (\(branch)) on \(row.commit); delete one"))
                } else {
                    findings += patchRowFindings(row, branch: branch, inventory: inventory, configuration: configuration)
                }
                continue
            }
            if let first = firstRow[row.tag] {
                findings.append(
                    .init(
                        .duplicateRow, line: row.line, subject: row.tag,
                        message: "a second row for \(row.tag) (the first is at line \(first.line ?? 0)); delete one"))
                continue
            }
            firstRow[row.tag] = row
            for name in row.publishTags where listedPublish[name] == nil { listedPublish[name] = row }

            guard let release = releasesByTag[row.tag] else {
                let fits = releasePattern.value(in: row.tag).flatMap(SemanticVersion.init) != nil
                findings.append(
                    .init(
                        .tagMissing, line: row.line, subject: row.tag,
                        message: "no mirror tag refs/tags/\(row.tag)"
                            + (fits ? "" : " (the name does not fit upstream.release-tags = \"\(releasePattern)\")")
                            + "; fix the row or run `release-mirror ledger update`"))
                continue
            }
            guard let commit = release.commit else {
                findings.append(
                    .init(
                        .tagMoved, line: row.line, subject: row.tag,
                        message: "refs/tags/\(row.tag) (\(release.object.short())) does not peel to a commit; the row says \(row.commit)"))
                continue
            }
            if !row.names(commit) {
                findings.append(
                    .init(
                        .tagMoved, line: row.line, subject: row.tag,
                        message: "the row says commit \(row.commit) but refs/tags/\(row.tag) is at \(commit.short()): "
                            + "the mirror tag moved (immutability broken); restore it from the published mirror"))
            }
            let found = release.sdkVersion?.description
            if row.sdkVersion?.description != found {
                let actual =
                    found.map { "\(manifestPath) says \($0)" }
                    ?? release.manifestError.map { "\($0.path) \($0.problem) there" } ?? "no manifest"
                findings.append(
                    .init(
                        .versionMismatch, line: row.line, subject: row.tag,
                        message: "the row's SDK version is \(row.sdkVersion?.description ?? LedgerRow.emptyCell) but at \(row.tag) \(actual)"))
            }
            for name in row.publishTags {
                guard let publish = publishByName[name] else {
                    findings.append(
                        .init(
                            .publishTagMismatch, line: row.line, subject: name,
                            message: "the row lists publish tag \(name) but refs/tags/\(name) does not exist"))
                    continue
                }
                guard let publishCommit = publish.commit, row.names(publishCommit) else {
                    findings.append(
                        .init(
                            .publishTagMismatch, line: row.line, subject: name,
                            message: "\(name) is on \(publish.commit?.short() ?? "no commit"), not on \(row.tag)'s commit \(row.commit)"))
                    continue
                }
                let base: String?
                switch configuration.publish.versionFrom {
                case .manifest: base = row.sdkVersion?.description
                case .releaseTag: base = releasePattern.value(in: row.tag)
                }
                if let base, rule.compare(publish.version, base: base) == .disagrees {
                    findings.append(
                        .init(
                            .publishTagMismatch, line: row.line, subject: name,
                            message: "\(name) publishes \(publish.version) but the row's "
                                + (configuration.publish.versionFrom == .manifest ? "SDK version" : "release")
                                + " is \(base) (allowed: \(rule.allowed(for: base)))"))
                } else if base == nil {
                    findings.append(
                        .init(
                            .publishTagMismatch, line: row.line, subject: name,
                            message: "\(name) publishes \(publish.version) but the row has no SDK version"))
                }
            }
        }

        // Git truth the ledger should list.
        if hasTable {
            for release in inventory.releases where firstRow[release.tag] == nil && release.commit != nil {
                findings.append(
                    .init(
                        .tagUnlisted, line: nil, subject: release.tag,
                        message: "mirror tag \(release.tag) has no row (ledger stale: run `release-mirror ledger update`)"))
            }
            for publish in inventory.publishTags where listedPublish[publish.name] == nil {
                let on = publish.commit.map { commit in
                    let releases = inventory.releases.filter { $0.commit == commit }.map(\.tag)
                    return releases.isEmpty
                        ? "on \(commit.short()), which is no mirror tag's commit"
                        : "on \(commit.short()) (\(releases.joined(separator: ", ")))"
                } ?? "not on a commit"
                findings.append(
                    .init(
                        .publishTagUnlisted, line: nil, subject: publish.name,
                        message: "publish tag \(publish.name) (\(on)) is in no row's Publish tag cell"))
            }
        }

        // Published versions must be verified.
        if configuration.publish.requireSmoke {
            for publish in inventory.publishTags where publish.smoke != .passed {
                let state = publish.smoke.map { "says \($0.rawValue)" } ?? "is missing"
                findings.append(
                    .init(
                        .publishedUnverified, line: listedPublish[publish.name]?.line, subject: publish.name,
                        message: "\(publish.name) is published but the smoke note on \(publish.commit?.short() ?? "its commit") \(state); "
                            + "verify it with `release-mirror smoke <tag> --record`"))
            }
        }

        // Release branches sit at their tag's commit.
        for branch in inventory.releaseBranches {
            guard let raw = configuration.mirror.releaseBranch.value(in: branch.name), branch.version != nil else { continue }
            let tag = releasePattern.name(for: raw)
            guard let release = releasesByTag[tag] else {
                findings.append(
                    .init(
                        .releaseBranchMismatch, line: nil, subject: branch.name,
                        message: "release branch \(branch.name) (\(branch.commit.short())) has no mirror tag \(tag)"))
                continue
            }
            if release.commit != branch.commit {
                findings.append(
                    .init(
                        .releaseBranchMismatch, line: firstRow[tag]?.line, subject: branch.name,
                        message: "release branch \(branch.name) is at \(branch.commit.short()) but \(tag) is at \(release.commit?.short() ?? "no commit")"))
            }
        }

        // Mapping quality: unreadable manifests, drift without a bump, regressions.
        for release in inventory.releases {
            if let error = release.manifestError, error.problem != .absent {
                findings.append(
                    .init(.manifestUnreadable, line: firstRow[release.tag]?.line, subject: release.tag, message: error.description))
            }
        }
        let packageDirectory = manifestPath.contains("/") ? String(manifestPath[..<manifestPath.lastIndex(of: "/")!]) : "the tree"
        var lastBySDK: [String: ReleaseInventory.Release] = [:]
        var previous: ReleaseInventory.Release?
        for release in inventory.releases {
            guard let sdk = release.sdkVersion else { continue }
            if let earlier = lastBySDK[sdk.description], let a = earlier.packageTree, let b = release.packageTree, a != b {
                findings.append(
                    .init(
                        .sdkDrift, line: firstRow[release.tag]?.line, subject: release.tag,
                        message: "\(packageDirectory) differs between \(earlier.tag) and \(release.tag) (tree \(a.short()) → \(b.short())) "
                            + "but both carry SDK \(sdk): it changed without a version bump"))
            }
            lastBySDK[sdk.description] = release
            if let previous, let before = previous.sdkVersion, sdk < before {
                findings.append(
                    .init(
                        .versionRegression, line: firstRow[release.tag]?.line, subject: release.tag,
                        message: "\(release.tag) carries SDK \(sdk), older than \(before) at the previous release \(previous.tag)"))
            }
            previous = release
        }
        return findings + interfaceFindings(document: document, inventory: inventory, configuration: configuration)
    }
}
