import Git

/// The checks of `audit` (SPEC §5.5), each a pure function of the facts.
extension AuditFacts {
    /// Every finding, in the order the checks run.
    func findings() -> [AuditFinding] {
        ledgerFindings() + rowFindings() + unlistedFindings() + unverifiedFindings() + releaseBranchFindings()
            + manifestFindings() + mappingFindings()
            + Auditor.interfaceFindings(document: document, inventory: inventory, configuration: configuration)
    }

    /// The ledger itself: markers and table syntax.
    func ledgerFindings() -> [AuditFinding] {
        var findings = document.markerProblems.map {
            AuditFinding(.ledgerSyntax, line: $0.line, subject: ledgerName, message: $0.message)
        }
        if document.hasNoMarkers {
            findings.append(
                .init(
                    .ledgerSyntax, line: nil, subject: ledgerName,
                    message: "no managed table (\(LedgerTable.beginMarker) … \(LedgerTable.endMarker)); "
                        + "run `release-mirror ledger update` to add it"))
        }
        return findings + document.problems.map { .init(.ledgerSyntax, line: $0.line, subject: ledgerName, message: $0.message) }
    }

    /// Row by row: duplicates, then each release row against git, each patch row against its patch.
    func rowFindings() -> [AuditFinding] {
        var findings: [AuditFinding] = []
        var patchRows: Set<String> = []
        var releaseRows: Set<String> = []
        for row in document.rows {
            if let branch = row.patchBranch {
                if !patchRows.insert("\(row.tag) (\(branch)) \(row.commit)").inserted {
                    findings.append(
                        .init(
                            .duplicateRow, line: row.line, subject: row.tag,
                            message: "a second row for \(row.tag) (\(branch)) on \(row.commit); delete one"))
                } else {
                    findings += Auditor.patchRowFindings(row, branch: branch, inventory: inventory, configuration: configuration)
                }
            } else if !releaseRows.insert(row.tag).inserted {
                findings.append(
                    .init(
                        .duplicateRow, line: row.line, subject: row.tag,
                        message: "a second row for \(row.tag) (the first is at line \(firstRow[row.tag]?.line ?? 0)); delete one"))
            } else {
                findings += releaseRowFindings(row)
            }
        }
        return findings
    }

    /// A release row: its mirror tag exists at the row's commit with the row's SDK version, and
    /// each publish tag it lists is right.
    func releaseRowFindings(_ row: LedgerRow) -> [AuditFinding] {
        let releasePattern = configuration.upstream.releaseTags
        guard let release = releasesByTag[row.tag] else {
            let fits = releasePattern.value(in: row.tag).flatMap(SemanticVersion.init) != nil
            return [
                .init(
                    .tagMissing, line: row.line, subject: row.tag,
                    message: "no mirror tag refs/tags/\(row.tag)"
                        + (fits ? "" : " (the name does not fit upstream.release-tags = \"\(releasePattern)\")")
                        + "; fix the row or run `release-mirror ledger update`")
            ]
        }
        guard let commit = release.commit else {
            return [
                .init(
                    .tagMoved, line: row.line, subject: row.tag,
                    message: "refs/tags/\(row.tag) (\(release.object.short())) does not peel to a commit; the row says \(row.commit)")
            ]
        }
        var findings: [AuditFinding] = []
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
                found.map { "\(configuration.publish.manifest) says \($0)" }
                ?? release.manifestError.map { "\($0.path) \($0.problem) there" } ?? "no manifest"
            findings.append(
                .init(
                    .versionMismatch, line: row.line, subject: row.tag,
                    message: "the row's SDK version is \(row.sdkVersion?.description ?? LedgerRow.emptyCell) but at \(row.tag) \(actual)"))
        }
        return findings + row.publishTags.compactMap { publishTagFinding($0, listedIn: row) }
    }

    /// A publish tag a release row lists: it exists, on the row's commit, with a version allowed
    /// from the row's SDK version or release (per `version-from`).
    func publishTagFinding(_ name: String, listedIn row: LedgerRow) -> AuditFinding? {
        func mismatch(_ message: String) -> AuditFinding {
            .init(.publishTagMismatch, line: row.line, subject: name, message: message)
        }
        guard let publish = publishByName[name] else {
            return mismatch("the row lists publish tag \(name) but refs/tags/\(name) does not exist")
        }
        guard let publishCommit = publish.commit, row.names(publishCommit) else {
            return mismatch("\(name) is on \(publish.commit?.short() ?? "no commit"), not on \(row.tag)'s commit \(row.commit)")
        }
        let rule = PublishVersionRule(allowSuffix: configuration.publish.allowSuffix)
        let versionFrom = configuration.publish.versionFrom
        let base: String? =
            switch versionFrom {
            case .manifest: row.sdkVersion?.description
            case .releaseTag: configuration.upstream.releaseTags.value(in: row.tag)
            }
        guard let base else { return mismatch("\(name) publishes \(publish.version) but the row has no SDK version") }
        guard rule.compare(publish.version, base: base) == .disagrees else { return nil }
        return mismatch(
            "\(name) publishes \(publish.version) but the row's " + (versionFrom == .manifest ? "SDK version" : "release")
                + " is \(base) (allowed: \(rule.allowed(for: base)))")
    }

    /// Git truth the ledger should list: mirror tags and publish tags in no row (only when the
    /// ledger has a table).
    func unlistedFindings() -> [AuditFinding] {
        guard document.beginLine != nil else { return [] }
        var findings: [AuditFinding] = []
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
        return findings
    }

    /// Published versions must be smoke-verified (when `publish.require-smoke`).
    func unverifiedFindings() -> [AuditFinding] {
        guard configuration.publish.requireSmoke else { return [] }
        return inventory.publishTags.filter { $0.smoke != .passed }.map { publish in
            let state = publish.smoke.map { "says \($0.rawValue)" } ?? "is missing"
            return .init(
                .publishedUnverified, line: listedPublish[publish.name]?.line, subject: publish.name,
                message: "\(publish.name) is published but the smoke note on \(publish.commit?.short() ?? "its commit") \(state); "
                    + "verify it with `release-mirror smoke <tag> --record`")
        }
    }

    /// Release branches sit at their tag's commit.
    func releaseBranchFindings() -> [AuditFinding] {
        inventory.releaseBranches.compactMap { branch in
            guard let raw = configuration.mirror.releaseBranch.value(in: branch.name), branch.version != nil else { return nil }
            let tag = configuration.upstream.releaseTags.name(for: raw)
            guard let release = releasesByTag[tag] else {
                return .init(
                    .releaseBranchMismatch, line: nil, subject: branch.name,
                    message: "release branch \(branch.name) (\(branch.commit.short())) has no mirror tag \(tag)")
            }
            guard release.commit != branch.commit else { return nil }
            return .init(
                .releaseBranchMismatch, line: firstRow[tag]?.line, subject: branch.name,
                message: "release branch \(branch.name) is at \(branch.commit.short()) but \(tag) is at \(release.commit?.short() ?? "no commit")")
        }
    }

    /// Manifests that exist at a mirror tag but cannot be read.
    func manifestFindings() -> [AuditFinding] {
        inventory.releases.compactMap { release in
            guard let error = release.manifestError, error.problem != .absent else { return nil }
            return .init(.manifestUnreadable, line: firstRow[release.tag]?.line, subject: release.tag, message: error.description)
        }
    }

    /// Mapping quality: the package changed without a version bump, or the version went backwards.
    func mappingFindings() -> [AuditFinding] {
        let manifestPath = configuration.publish.manifest
        let packageDirectory = manifestPath.lastIndex(of: "/").map { String(manifestPath[..<$0]) } ?? "the tree"
        var findings: [AuditFinding] = []
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
        return findings
    }
}
