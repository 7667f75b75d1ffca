import Foundation
import Git

/// `release-mirror publish-tag <version> --from <mirror-tag>` (SPEC §5.4): emits the annotated
/// publish tag on the mirror tag's commit only when every check passes. Fail closed: when one check
/// fails, nothing is created, written or pushed. Re-running for a tag already on the same commit is
/// a successful no-op that completes an interrupted run (push, ledger cell).
public struct PublishTagger {
    let workspace: MirrorWorkspace

    /// Creates a publisher for the workspace's mirror.
    public init(workspace: MirrorWorkspace) { self.workspace = workspace }

    var configuration: Configuration { workspace.configuration }
    var repository: Repository { workspace.repository }

    /// The mirror tag `from` names: a short tag name, `refs/tags/<name>`, or a bare `{version}`.
    public static func sourceTag(_ from: String, pattern: NamePattern) -> String {
        let short = from.hasPrefix("refs/tags/") ? String(from.dropFirst("refs/tags/".count)) : from
        if pattern.value(in: short) == nil, SemanticVersion(short) != nil { return pattern.name(for: short) }
        return short
    }

    /// Runs the checks and, when they all pass and it is not a dry run, creates, pushes and records
    /// the tag. `checked` sees the checks (outcome `.refused` when one failed) before anything is
    /// created, so a front end can show them first.
    /// - Throws: `MirrorError` for usage errors, an unreadable repository or remote, a held lock,
    ///   and failures after the tag was created (a rejected push, an unwritable ledger); a failed
    ///   check is not thrown but returned as `.refused`.
    public func run(
        _ request: PublishRequest, checked: (PublishResult) -> Void = { _ in }
    ) throws(MirrorError) -> PublishResult {
        guard SemanticVersion(request.version) != nil else {
            throw .usage("publish-tag: \"\(request.version)\" is not a SemVer 2.0 version (e.g. 0.9.3)")
        }
        let publishTag = configuration.publish.tag.name(for: request.version)
        let publishRef = "refs/tags/" + publishTag
        guard Repository.isValidReferenceName(publishRef) else {
            throw .usage("publish-tag: \(publishRef) (publish.tag = \"\(configuration.publish.tag)\") is not a valid tag name")
        }
        let lock = request.dryRun ? nil : try workspace.lock(timeout: request.lockTimeout)
        defer { withExtendedLifetime(lock) {} }
        let patch = try patchSource(request.from)
        let sourceTag = patch.map { $0.row?.baseTag ?? $0.branch } ?? PublishTagger.sourceTag(request.from, pattern: configuration.upstream.releaseTags)
        let remoteURL = request.push ? try workspace.remoteURL() : nil

        workspace.emit(.step("check \(publishTag) from \(sourceTag)"))
        let evaluation: Evaluation
        do {
            evaluation = try evaluate(request, sourceTag: sourceTag, publishTag: publishTag, remoteURL: remoteURL, patch: patch)
        } catch let error as GitError {
            throw workspace.failure(error, "check publish-tag \(request.version) --from \(sourceTag)")
        } catch let error as MirrorError {
            throw error
        } catch {
            throw .runtime("check publish-tag \(request.version) --from \(sourceTag): \(error)")
        }
        var result = PublishResult(
            version: request.version, sourceTag: sourceTag, publishTag: publishTag, commit: evaluation.commit,
            checks: evaluation.checks, outcome: .refused, message: evaluation.message?.rendered())
        guard result.failed.isEmpty, let commit = evaluation.commit, let message = evaluation.message else {
            checked(result)
            return result
        }
        result.outcome = evaluation.action == .create ? .wouldCreate : .alreadyPublished
        result.tagObject = evaluation.localTag ?? evaluation.remoteTag
        checked(result)
        if request.dryRun { return result }

        // Every check passed: create (or adopt), push, record.
        do {
            switch evaluation.action {
            case .create:
                let (name, email) = tagger()
                let object = try repository.createTagObject(
                    name: publishTag, target: commit, message: message.rendered(), taggerName: name, taggerEmail: email)
                if case .exists(let other) = try repository.createReference(
                    publishRef, target: object, message: "release-mirror: publish-tag \(request.version)")
                {
                    throw MirrorError.runtime(
                        "\(publishRef) appeared at \(other.short()) while publish-tag ran (another writer?); nothing was pushed")
                }
                result.tagObject = object
                result.outcome = .created
                workspace.emit(.detail("created \(publishRef) (\(object.short())) on \(commit.short())"))
            case .adopt:
                guard let remote = evaluation.remoteTag else { break }
                try repository.createReference(publishRef, target: remote, message: "release-mirror: adopt \(publishTag) from remote")
                result.tagObject = remote
                result.outcome = .alreadyPublished
                workspace.emit(.detail("adopted \(publishRef) from the published mirror"))
            case .none, .pushOnly:
                result.tagObject = evaluation.localTag
                result.outcome = .alreadyPublished
            }
        } catch let error as GitError {
            throw workspace.failure(error, "create \(publishRef)")
        } catch let error as MirrorError {
            throw error
        } catch {
            throw .runtime("create \(publishRef): \(error)")
        }

        if let remoteURL, evaluation.remoteTag == nil {
            workspace.emit(.step("push \(publishRef) to \(remoteURL)"))
            do {
                _ = try workspace.push(["\(publishRef):\(publishRef)"], to: remoteURL)
                result.pushed = true
            } catch {
                throw .runtime(
                    workspace.failure(error, "push \(publishRef) to mirror.remote").description
                        + "\n\(publishRef) exists locally but was not published; re-run the same publish-tag command to push it")
            }
        }

        if let patch {
            result.ledgerLine = try fillPatchLedgerRow(
                patch.branch, baseTag: sourceTag, tip: commit, publishTag: publishTag, smoke: evaluation.smoke,
                sdk: SemanticVersion(message.manifestVersion))
        } else {
            result.ledgerLine = try fillLedgerCell(sourceTag: sourceTag, publishTag: publishTag, smoke: evaluation.smoke)
        }
        return result
    }

    // MARK: - Checks

    enum Action { case create, pushOnly, adopt, none }

    struct Evaluation {
        var checks: [PublishCheck] = []
        var commit: ObjectID?
        var message: PublishTagMessage?
        var action: Action = .create
        var localTag: ObjectID?
        var remoteTag: ObjectID?
        /// The smoke note's status, when the commit has a smoke note.
        var smoke: SmokeOutcome.Status?
    }

    func evaluate(
        _ request: PublishRequest, sourceTag: String, publishTag: String, remoteURL: RemoteURL?, patch: PatchSource? = nil
    ) throws -> Evaluation {
        var evaluation = Evaluation()
        func skipRest(_ why: String) -> Evaluation {
            let order = patch == nil ? PublishCheck.Kind.allCases.filter { !$0.isPatchOnly } : PublishCheck.Kind.patchOrder
            for kind in order where !evaluation.checks.contains(where: { $0.id == kind }) {
                evaluation.checks.append(.init(kind, .skipped, "not checked: no source commit (see \(why))"))
            }
            return evaluation
        }
        if let patch {
            evaluation.checks.append(PublishTagger.patchRowCheck(patch))
            if patch.row?.isRetired != false { return skipRest("patch-row") }
        }
        let releasePattern = configuration.upstream.releaseTags
        let ledgerPath = configuration.publish.ledger

        // The ledger (read once; its row is compared in checks 1 and 5).
        var ledger: LedgerDocument?
        var ledgerTrouble: String?
        if FileManager.default.fileExists(atPath: ledgerPath) {
            let document = try LedgerDocument.read(path: ledgerPath)
            if let problem = document.markerProblems.first {
                ledgerTrouble = "\(ledgerPath):\(problem.line ?? 0): \(problem.message)"
            } else if document.hasNoMarkers {
                ledgerTrouble = "\(ledgerPath) has no managed table"
            }
            ledger = document
        } else {
            ledgerTrouble = "no ledger at \(ledgerPath)"
        }
        let row = ledger?.row(for: sourceTag)
        let rowPlace = row.flatMap { $0.line }.map { "\((ledgerPath as NSString).lastPathComponent):\($0)" } ?? ""

        // 1. The mirror tag exists and matches its ledger row.
        let releaseVersion = releasePattern.value(in: sourceTag).flatMap { SemanticVersion($0) != nil ? $0 : nil }
        var commit: ObjectID?
        if releaseVersion == nil {
            evaluation.checks.append(
                .init(
                    .mirrorTag, .fail,
                    "\"\(sourceTag)\" is not a release tag (upstream.release-tags = \"\(releasePattern)\"); "
                        + "pass --from with a mirror tag such as \(releasePattern.name(for: "1.2.3"))"))
        } else if let object = try repository.referenceTarget("refs/tags/" + sourceTag) {
            if let peeled = try? repository.peelToCommit(object) {
                commit = peeled
                if let row, !row.names(peeled) {
                    evaluation.checks.append(
                        .init(
                            .mirrorTag, .fail,
                            "refs/tags/\(sourceTag) is at \(peeled.short()) but \(rowPlace) says \(row.commit): "
                                + "the mirror tag moved; run `release-mirror audit` and restore it from the published mirror"))
                } else {
                    let agrees = row.map { _ in "\(rowPlace) agrees" } ?? "no ledger row to compare"
                    evaluation.checks.append(.init(.mirrorTag, .pass, "refs/tags/\(sourceTag) → commit \(peeled.short()) (\(agrees))"))
                }
            } else {
                evaluation.checks.append(
                    .init(.mirrorTag, .fail, "refs/tags/\(sourceTag) (\(object.short())) does not peel to a commit"))
            }
        } else {
            evaluation.checks.append(
                .init(
                    .mirrorTag, .fail,
                    "no mirror tag refs/tags/\(sourceTag) in \(configuration.mirror.repository); "
                        + "check the name, or run `release-mirror sync` to mirror it"))
        }
        if let patch, let base = commit {
            commit = try patchBaseCheck(patch, baseTag: sourceTag, base: base, into: &evaluation.checks)
        }
        evaluation.commit = commit
        guard let commit else { return skipRest(evaluation.checks.last { $0.status == .fail }?.id.rawValue ?? "mirror-tag") }

        // 2. The manifest parses, is the right package, and its version agrees.
        let manifestPath = configuration.publish.manifest
        let reader = ManifestReader(repository: repository, path: manifestPath)
        var manifest: Manifest?
        switch try reader.read(commit: commit, ref: sourceTag) {
        case .success(let found):
            manifest = found
            let name = found.name.map { "name \"\($0)\"" } ?? "no name"
            evaluation.checks.append(
                .init(.manifest, .pass, "\(manifestPath) at \(commit.short()): \(name), version \(found.version)"))
        case .failure(let error):
            evaluation.checks.append(
                .init(.manifest, .fail, "\(error); publish.manifest must be a JSON file with a SemVer \"version\" at the tag"))
        }
        if let expected = configuration.publish.packageName {
            if let manifest {
                if manifest.name == expected {
                    evaluation.checks.append(.init(.packageName, .pass, "\"\(expected)\" = publish.package-name"))
                } else {
                    evaluation.checks.append(
                        .init(
                            .packageName, .fail,
                            "the manifest's name is \(manifest.name.map { "\"\($0)\"" } ?? "missing"), "
                                + "publish.package-name is \"\(expected)\": wrong package (or wrong publish.manifest)"))
                }
            } else {
                evaluation.checks.append(.init(.packageName, .skipped, "not checked: the manifest could not be read"))
            }
        } else {
            evaluation.checks.append(.init(.packageName, .skipped, "publish.package-name is not set"))
        }
        let rule = PublishVersionRule(allowSuffix: configuration.publish.allowSuffix)
        let base: String?
        let baseLabel: String
        switch configuration.publish.versionFrom {
        case .manifest:
            base = manifest?.version.description
            baseLabel = "manifest version"
        case .releaseTag:
            base = releaseVersion
            baseLabel = "release tag version"
        }
        let from = "version-from = \(configuration.publish.versionFrom.rawValue)"
        if let base, let patch {
            evaluation.checks.append(
                PublishTagger.patchVersionCheck(request.version, base: base, label: baseLabel, branch: patch.branch, rule: rule))
        } else if let base {
            switch rule.compare(request.version, base: base) {
            case .exact:
                evaluation.checks.append(.init(.version, .pass, "\(request.version) = \(baseLabel) \(base) (\(from))"))
            case .suffixed(let n):
                evaluation.checks.append(
                    .init(
                        .version, .pass,
                        "\(request.version) = \(baseLabel) \(base) + allow-suffix \"\(configuration.publish.allowSuffix?.template ?? "")\" "
                            + "with n = \(n) (\(from))"))
            case .disagrees:
                evaluation.checks.append(
                    .init(
                        .version, .fail,
                        "\(request.version) ≠ \(baseLabel) \(base) at \(sourceTag) (\(from)); "
                            + "from this tag you can publish \(rule.allowed(for: base))"))
            }
        } else {
            evaluation.checks.append(.init(.version, .skipped, "not checked: the manifest could not be read"))
        }

        // 3. The smoke note says passed.
        let noteText = try repository.note(for: commit, notesRef: Configuration.notesRef)
        let note = noteText.flatMap(SmokeNote.decode)
        evaluation.smoke = note?.status
        let smokeSummary: String
        if let note {
            smokeSummary = "\(note.status.rawValue) (started \(note.started), \(String(format: "%.1f", note.durationSeconds)) s, release-mirror \(note.toolVersion))"
        } else {
            smokeSummary = noteText == nil ? "none" : "unreadable note"
        }
        if note?.status == .passed {
            evaluation.checks.append(.init(.smoke, .pass, "note on \(commit.short()): \(smokeSummary)"))
        } else {
            let found =
                note.map { "the smoke note on \(commit.short()) says \($0.status.rawValue)" }
                ?? (noteText == nil
                    ? "no smoke note on \(commit.short()) in \(Configuration.notesRef)"
                    : "the note on \(commit.short()) is not a smoke note")
            if request.allowUnverified {
                evaluation.checks.append(.init(.smoke, .waived, "\(found); --allow-unverified: recorded in the tag message"))
            } else if !configuration.publish.requireSmoke {
                evaluation.checks.append(.init(.smoke, .skipped, "\(found); not required (publish.require-smoke = false)"))
            } else {
                evaluation.checks.append(
                    .init(
                        .smoke, .fail,
                        "\(found): only smoke-verified commits are published; run `release-mirror smoke \(patch.map { "refs/heads/" + $0.branch } ?? "refs/tags/" + sourceTag) --record`, "
                            + "or pass --allow-unverified (recorded in the tag message)"))
            }
        }

        // 4. The publish tag is free, or already on this commit (locally and on the published mirror).
        let publishRef = "refs/tags/" + publishTag
        let local = try repository.referenceTarget(publishRef)
        evaluation.localTag = local
        var remote: ObjectID?
        if let remoteURL {
            do {
                let heads = try Remote(repository: repository, url: remoteURL).listReferences(
                    credentials: workspace.mirrorCredentials(for: remoteURL))
                remote = heads.first { $0.name == publishRef }?.id
            } catch {
                throw workspace.failure(error, "list the mirror's remote (mirror.remote = \(configuration.mirror.remote)) to check \(publishRef)")
            }
        }
        evaluation.remoteTag = remote
        let localCommit = local.flatMap { try? repository.peelToCommit($0) }
        let remoteCommit = remote.flatMap { repository.contains($0) ? try? repository.peelToCommit($0) : nil }
        let other = "a publish tag never moves: publish another version from \(sourceTag)"
            + (configuration.publish.allowSuffix.map { " (e.g. \(request.version)\($0.name(for: "1")))" } ?? "")
        if let local, localCommit != commit {
            evaluation.checks.append(
                .init(
                    .publishTag, .fail,
                    "\(publishRef) already exists (\(local.short())) on \(localCommit?.short() ?? "no commit"), not on \(sourceTag)'s commit \(commit.short()); \(other)"))
        } else if let remote, remoteCommit == nil, !repository.contains(remote) {
            evaluation.checks.append(
                .init(
                    .publishTag, .fail,
                    "\(publishRef) exists on the published mirror at \(remote.short()), an object this repository lacks; "
                        + "run `release-mirror sync` to fetch it, then re-run"))
        } else if remote != nil, remoteCommit != commit {
            evaluation.checks.append(
                .init(
                    .publishTag, .fail,
                    "\(publishRef) exists on the published mirror on \(remoteCommit?.short() ?? "no commit"), not on \(commit.short()); \(other)"))
        } else if let local, let remote, local != remote {
            evaluation.checks.append(
                .init(
                    .publishTag, .fail,
                    "\(publishRef) is \(local.short()) here but \(remote.short()) on the published mirror (same commit, different tag objects); "
                        + "delete the local tag and run `release-mirror sync` to adopt the published one"))
        } else if local != nil {
            evaluation.action = remoteURL != nil && remote == nil ? .pushOnly : .none
            let state = remoteURL == nil ? "" : remote == nil ? "; not yet on mirror.remote: it will be pushed" : " and on mirror.remote"
            evaluation.checks.append(
                .init(.publishTag, .pass, "\(publishRef) already exists on \(commit.short())\(state): nothing to create"))
        } else if remote != nil {
            evaluation.action = .adopt
            evaluation.checks.append(
                .init(
                    .publishTag, .pass,
                    "\(publishRef) is already published on mirror.remote on \(commit.short()): it is adopted here, nothing is created"))
        } else {
            evaluation.action = .create
            let scope = remoteURL == nil ? "locally" : "locally or on mirror.remote"
            evaluation.checks.append(.init(.publishTag, .pass, "\(publishRef) does not exist yet (\(scope))"))
        }

        // 5. The ledger has the row, with the SDK version git has.
        if let ledgerTrouble {
            evaluation.checks.append(
                .init(.ledgerRow, .fail, "\(ledgerTrouble); run `release-mirror ledger update` and commit the ledger"))
        } else if row != nil, let patch {
            evaluation.checks.append(
                .init(.ledgerRow, .pass, "\(rowPlace): \(sourceTag) has its row; the row for \(sourceTag) (\(patch.branch)) on \(commit.short()) is written with the tag"))
        } else if let row {
            let rowVersion = row.sdkVersion?.description ?? LedgerRow.emptyCell
            if let manifest {
                if row.sdkVersion?.description == manifest.version.description {
                    evaluation.checks.append(.init(.ledgerRow, .pass, "\(rowPlace): \(sourceTag) → SDK \(rowVersion)"))
                } else {
                    evaluation.checks.append(
                        .init(
                            .ledgerRow, .fail,
                            "\(rowPlace) says SDK \(rowVersion) but the manifest at \(sourceTag) says \(manifest.version); "
                                + "run `release-mirror ledger update` and review the change"))
                }
            } else {
                evaluation.checks.append(.init(.ledgerRow, .skipped, "\(rowPlace) has the row; its SDK version was not compared (no manifest)"))
            }
        } else {
            evaluation.checks.append(
                .init(
                    .ledgerRow, .fail,
                    "\(ledgerPath) has no row for \(sourceTag); run `release-mirror ledger update` (and commit the ledger)"))
        }

        if let manifest {
            evaluation.message = PublishTagMessage(
                publishTag: publishTag, sourceTag: sourceTag, commit: commit, manifest: manifestPath,
                manifestVersion: manifest.version.description, packageName: manifest.name, smoke: smokeSummary,
                allowUnverified: request.allowUnverified && note?.status != .passed, patchBranch: patch?.branch)
        }
        return evaluation
    }

    // MARK: - Effects

    /// The tagger: `GIT_COMMITTER_NAME`/`_EMAIL` (or `GIT_AUTHOR_…`) when set, else `release-mirror`.
    func tagger() -> (String, String) {
        let variables = workspace.environment.variables
        func value(_ keys: String...) -> String? {
            keys.lazy.compactMap { variables[$0] }.first { !$0.isEmpty }
        }
        return (
            value("GIT_COMMITTER_NAME", "GIT_AUTHOR_NAME") ?? "release-mirror",
            value("GIT_COMMITTER_EMAIL", "GIT_AUTHOR_EMAIL") ?? "release-mirror@localhost"
        )
    }

    /// Adds `publishTag` to the Publish tag cell of `sourceTag`'s row (and refreshes its Smoke cell
    /// from the note just checked), rewriting that one line.
    /// - Returns: the line changed, or `nil` when the row already said so.
    func fillLedgerCell(sourceTag: String, publishTag: String, smoke: SmokeOutcome.Status?) throws(MirrorError) -> Int? {
        let path = LedgerUpdater.resolve(configuration.publish.ledger)
        let document = try LedgerDocument.read(path: path)
        guard var row = document.row(for: sourceTag), let line = row.line else {
            throw .io(
                path: path,
                message: "the row for \(sourceTag) disappeared while publish-tag ran; the tag was created: run `release-mirror ledger update`")
        }
        let smoke = smoke ?? row.smoke
        guard !row.publishTags.contains(publishTag) || row.smoke != smoke else { return nil }
        if !row.publishTags.contains(publishTag) { row.publishTags.append(publishTag) }
        row.smoke = smoke
        do {
            try LedgerUpdater.write(document.replacingLine(line, with: row.rendered()), to: path)
        } catch {
            guard case .io(_, let reason) = error else { throw error }
            throw .io(
                path: path,
                message: "\(reason); the tag was created: run `release-mirror ledger update` to fill in its Publish tag cell")
        }
        workspace.emit(.detail("\((path as NSString).lastPathComponent):\(line): Publish tag cell now lists \(publishTag)"))
        return line
    }
}
