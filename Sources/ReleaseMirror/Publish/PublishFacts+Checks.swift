import Foundation
import Git

/// The checks of `publish-tag` (SPEC §5.4), each a pure function of the facts.
extension PublishFacts {
    /// Every check in order, the source commit, the tag message and the action (pure).
    func evaluation() -> PublishEvaluation {
        var evaluation = PublishEvaluation()
        if let patch {
            evaluation.checks.append(PublishTagger.patchRowCheck(patch))
            if patch.row?.isRetired != false { return skippingRest(evaluation, after: "patch-row") }
        }
        evaluation.checks.append(mirrorTagCheck())
        if patch != nil, let base = tagCommit { evaluation.checks.append(patchBaseCheck(base: base)) }
        evaluation.commit = sourceCommit
        guard let commit = sourceCommit else {
            return skippingRest(evaluation, after: evaluation.checks.last { $0.status == .fail }?.id.rawValue ?? "mirror-tag")
        }
        evaluation.checks += [manifestCheck(commit), packageNameCheck(), versionCheck(), smokeCheck(commit)]
        let (tagCheck, action) = publishTagCheck(commit)
        evaluation.checks += [tagCheck, ledgerRowCheck(commit)]
        evaluation.action = action
        evaluation.localTag = tags.local
        evaluation.remoteTag = tags.remote
        evaluation.smoke = note?.status
        evaluation.message = message(commit)
        return evaluation
    }

    /// The checks not reached, skipped with the reason.
    func skippingRest(_ evaluation: PublishEvaluation, after why: String) -> PublishEvaluation {
        var evaluation = evaluation
        let order = patch == nil ? PublishCheck.Kind.allCases.filter { !$0.isPatchOnly } : PublishCheck.Kind.patchOrder
        for kind in order where !evaluation.checks.contains(where: { $0.id == kind }) {
            evaluation.checks.append(.init(kind, .skipped, "not checked: no source commit (see \(why))"))
        }
        return evaluation
    }

    /// Where the source tag's row is (`RELEASES.md:12`), or `""`.
    var rowPlace: String {
        ledger.row.flatMap { $0.line }.map { "\((configuration.publish.ledger as NSString).lastPathComponent):\($0)" } ?? ""
    }

    /// 1. The mirror tag exists and matches its ledger row.
    func mirrorTagCheck() -> PublishCheck {
        let releasePattern = configuration.upstream.releaseTags
        guard releaseVersion != nil else {
            return .init(
                .mirrorTag, .fail,
                "\"\(sourceTag)\" is not a release tag (upstream.release-tags = \"\(releasePattern)\"); "
                    + "pass --from with a mirror tag such as \(releasePattern.name(for: "1.2.3"))")
        }
        switch mirrorTag ?? .missing {
        case .missing:
            return .init(
                .mirrorTag, .fail,
                "no mirror tag refs/tags/\(sourceTag) in \(configuration.mirror.repository); "
                    + "check the name, or run `release-mirror sync` to mirror it")
        case .notCommit(let object):
            return .init(.mirrorTag, .fail, "refs/tags/\(sourceTag) (\(object.short())) does not peel to a commit")
        case .commit(let peeled):
            if let row = ledger.row, !row.names(peeled) {
                return .init(
                    .mirrorTag, .fail,
                    "refs/tags/\(sourceTag) is at \(peeled.short()) but \(rowPlace) says \(row.commit): "
                        + "the mirror tag moved; run `release-mirror audit` and restore it from the published mirror")
            }
            let agrees = ledger.row.map { _ in "\(rowPlace) agrees" } ?? "no ledger row to compare"
            return .init(.mirrorTag, .pass, "refs/tags/\(sourceTag) → commit \(peeled.short()) (\(agrees))")
        }
    }

    /// The `patch-base` check: the mirror has the branch and it contains its base tag's commit.
    func patchBaseCheck(base: ObjectID) -> PublishCheck {
        guard let patch, let tip = patch.tip else {
            return .init(
                .patchBase, .fail,
                "the mirror has no branch refs/heads/\(patch?.branch ?? ""); run `release-mirror sync` (or `patch list`) to take it from mirror.remote")
        }
        guard let patchBase, patchBase.containsBase else {
            return .init(
                .patchBase, .fail,
                "\(patch.branch) (tip \(tip.short())) does not contain its base \(sourceTag) (\(base.short())); "
                    + "rebase it onto a release and run `release-mirror patch set-base`")
        }
        return .init(.patchBase, .pass, "\(patch.branch) tip \(tip.short()) contains \(sourceTag) (\(patchBase.ahead) commit(s) ahead)")
    }

    /// 2a. The manifest parses.
    func manifestCheck(_ commit: ObjectID) -> PublishCheck {
        switch manifest {
        case .success(let found)?:
            let name = found.name.map { "name \"\($0)\"" } ?? "no name"
            return .init(.manifest, .pass, "\(configuration.publish.manifest) at \(commit.short()): \(name), version \(found.version)")
        case .failure(let error)?:
            return .init(.manifest, .fail, "\(error); publish.manifest must be a JSON file with a SemVer \"version\" at the tag")
        case nil:
            return .init(.manifest, .skipped, "not checked: no source commit")
        }
    }

    /// 2b. The manifest's name is `publish.package-name`.
    func packageNameCheck() -> PublishCheck {
        guard let expected = configuration.publish.packageName else {
            return .init(.packageName, .skipped, "publish.package-name is not set")
        }
        guard let manifest = readManifest else {
            return .init(.packageName, .skipped, "not checked: the manifest could not be read")
        }
        if manifest.name == expected { return .init(.packageName, .pass, "\"\(expected)\" = publish.package-name") }
        return .init(
            .packageName, .fail,
            "the manifest's name is \(manifest.name.map { "\"\($0)\"" } ?? "missing"), "
                + "publish.package-name is \"\(expected)\": wrong package (or wrong publish.manifest)")
    }

    /// 2c. The version agrees with the manifest or the release tag (per `version-from`), exactly or
    /// with `allow-suffix` (a patch: only with the suffix).
    func versionCheck() -> PublishCheck {
        let publish = configuration.publish
        let rule = PublishVersionRule(allowSuffix: publish.allowSuffix)
        let (base, baseLabel) =
            switch publish.versionFrom {
            case .manifest: (readManifest?.version.description, "manifest version")
            case .releaseTag: (releaseVersion, "release tag version")
            }
        let from = "version-from = \(publish.versionFrom.rawValue)"
        guard let base else { return .init(.version, .skipped, "not checked: the manifest could not be read") }
        if let patch {
            return PublishTagger.patchVersionCheck(version, base: base, label: baseLabel, branch: patch.branch, rule: rule)
        }
        switch rule.compare(version, base: base) {
        case .exact:
            return .init(.version, .pass, "\(version) = \(baseLabel) \(base) (\(from))")
        case .suffixed(let n):
            return .init(
                .version, .pass,
                "\(version) = \(baseLabel) \(base) + allow-suffix \"\(publish.allowSuffix?.template ?? "")\" with n = \(n) (\(from))")
        case .disagrees:
            return .init(
                .version, .fail,
                "\(version) ≠ \(baseLabel) \(base) at \(sourceTag) (\(from)); from this tag you can publish \(rule.allowed(for: base))")
        }
    }

    /// The smoke note as the tag message records it.
    var smokeSummary: String {
        guard let note else { return noteText == nil ? "none" : "unreadable note" }
        return "\(note.status.rawValue) (started \(note.started), \(String(format: "%.1f", note.durationSeconds)) s, "
            + "release-mirror \(note.toolVersion))"
    }

    /// 3. The smoke note says passed (or `--allow-unverified`, or `publish.require-smoke = false`).
    func smokeCheck(_ commit: ObjectID) -> PublishCheck {
        if note?.status == .passed { return .init(.smoke, .pass, "note on \(commit.short()): \(smokeSummary)") }
        let found =
            note.map { "the smoke note on \(commit.short()) says \($0.status.rawValue)" }
            ?? (noteText == nil
                ? "no smoke note on \(commit.short()) in \(Configuration.notesRef)"
                : "the note on \(commit.short()) is not a smoke note")
        if allowUnverified { return .init(.smoke, .waived, "\(found); --allow-unverified: recorded in the tag message") }
        if !configuration.publish.requireSmoke {
            return .init(.smoke, .skipped, "\(found); not required (publish.require-smoke = false)")
        }
        let ref = patch.map { "refs/heads/" + $0.branch } ?? "refs/tags/" + sourceTag
        return .init(
            .smoke, .fail,
            "\(found): only smoke-verified commits are published; run `release-mirror smoke \(ref) --record`, "
                + "or pass --allow-unverified (recorded in the tag message)")
    }

    /// 4. The publish tag is free, or already on this commit (locally and on the published mirror).
    func publishTagCheck(_ commit: ObjectID) -> (PublishCheck, PublishEvaluation.Action) {
        let other = "a publish tag never moves: publish another version from \(sourceTag)"
            + (configuration.publish.allowSuffix.map { " (e.g. \(version)\($0.name(for: "1")))" } ?? "")
        let fail = { (message: String) in (PublishCheck(.publishTag, .fail, message), PublishEvaluation.Action.create) }
        if let local = tags.local, tags.localCommit != commit {
            return fail(
                "\(publishRef) already exists (\(local.short())) on \(tags.localCommit?.short() ?? "no commit"), "
                    + "not on \(sourceTag)'s commit \(commit.short()); \(other)")
        } else if let remote = tags.remote, tags.remoteCommit == nil, !tags.remoteKnown {
            return fail(
                "\(publishRef) exists on the published mirror at \(remote.short()), an object this repository lacks; "
                    + "run `release-mirror sync` to fetch it, then re-run")
        } else if tags.remote != nil, tags.remoteCommit != commit {
            return fail(
                "\(publishRef) exists on the published mirror on \(tags.remoteCommit?.short() ?? "no commit"), not on \(commit.short()); \(other)")
        } else if let local = tags.local, let remote = tags.remote, local != remote {
            return fail(
                "\(publishRef) is \(local.short()) here but \(remote.short()) on the published mirror (same commit, different tag objects); "
                    + "delete the local tag and run `release-mirror sync` to adopt the published one")
        } else if tags.local != nil {
            let state = !checksRemote ? "" : tags.remote == nil ? "; not yet on mirror.remote: it will be pushed" : " and on mirror.remote"
            return (
                .init(.publishTag, .pass, "\(publishRef) already exists on \(commit.short())\(state): nothing to create"),
                checksRemote && tags.remote == nil ? .pushOnly : .none
            )
        } else if tags.remote != nil {
            return (
                .init(
                    .publishTag, .pass,
                    "\(publishRef) is already published on mirror.remote on \(commit.short()): it is adopted here, nothing is created"),
                .adopt
            )
        }
        let scope = checksRemote ? "locally or on mirror.remote" : "locally"
        return (.init(.publishTag, .pass, "\(publishRef) does not exist yet (\(scope))"), .create)
    }

    /// 5. The ledger has the row, with the SDK version git has.
    func ledgerRowCheck(_ commit: ObjectID) -> PublishCheck {
        if let trouble = ledger.trouble {
            return .init(.ledgerRow, .fail, "\(trouble); run `release-mirror ledger update` and commit the ledger")
        }
        guard let row = ledger.row else {
            return .init(
                .ledgerRow, .fail,
                "\(configuration.publish.ledger) has no row for \(sourceTag); run `release-mirror ledger update` (and commit the ledger)")
        }
        if let patch {
            return .init(
                .ledgerRow, .pass,
                "\(rowPlace): \(sourceTag) has its row; the row for \(sourceTag) (\(patch.branch)) on \(commit.short()) is written with the tag")
        }
        let rowVersion = row.sdkVersion?.description ?? LedgerRow.emptyCell
        guard let manifest = readManifest else {
            return .init(.ledgerRow, .skipped, "\(rowPlace) has the row; its SDK version was not compared (no manifest)")
        }
        if row.sdkVersion?.description == manifest.version.description {
            return .init(.ledgerRow, .pass, "\(rowPlace): \(sourceTag) → SDK \(rowVersion)")
        }
        return .init(
            .ledgerRow, .fail,
            "\(rowPlace) says SDK \(rowVersion) but the manifest at \(sourceTag) says \(manifest.version); "
                + "run `release-mirror ledger update` and review the change")
    }

    /// The tag message, when the manifest could be read.
    func message(_ commit: ObjectID) -> PublishTagMessage? {
        guard let manifest = readManifest else { return nil }
        return PublishTagMessage(
            publishTag: publishTag, sourceTag: sourceTag, commit: commit, manifest: configuration.publish.manifest,
            manifestVersion: manifest.version.description, packageName: manifest.name, smoke: smokeSummary,
            allowUnverified: allowUnverified && note?.status != .passed, patchBranch: patch?.branch)
    }
}
