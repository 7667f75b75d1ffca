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
        let publishTag = try validatedPublishTag(request.version)
        let lock = request.dryRun ? nil : try workspace.lock(timeout: request.lockTimeout)
        defer { withExtendedLifetime(lock) {} }
        let patch = try patchSource(request.from)
        let sourceTag = patch.map { $0.row?.baseTag ?? $0.branch } ?? PublishTagger.sourceTag(request.from, pattern: configuration.upstream.releaseTags)
        let remoteURL = request.push ? try workspace.remoteURL() : nil

        workspace.emit(.step("check \(publishTag) from \(sourceTag)"))
        let evaluation = try evaluate(request, sourceTag: sourceTag, publishTag: publishTag, remoteURL: remoteURL, patch: patch)
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
        try makeTag(evaluation, commit: commit, message: message, version: request.version, into: &result)
        let publishRef = "refs/tags/" + publishTag
        if let remoteURL, evaluation.remoteTag == nil {
            try pushTag(publishRef, to: remoteURL)
            result.pushed = true
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

    /// The publish tag's short name for `version` (`publish.tag`), when the version and the name are valid.
    func validatedPublishTag(_ version: String) throws(MirrorError) -> String {
        guard SemanticVersion(version) != nil else {
            throw .usage("publish-tag: \"\(version)\" is not a SemVer 2.0 version (e.g. 0.9.3)")
        }
        let publishTag = configuration.publish.tag.name(for: version)
        let publishRef = "refs/tags/" + publishTag
        guard Repository.isValidReferenceName(publishRef) else {
            throw .usage("publish-tag: \(publishRef) (publish.tag = \"\(configuration.publish.tag)\") is not a valid tag name")
        }
        return publishTag
    }

    // MARK: - Checks

    /// Reads the facts and runs the checks on them (SPEC §5.4).
    func evaluate(
        _ request: PublishRequest, sourceTag: String, publishTag: String, remoteURL: RemoteURL?, patch: PatchSource? = nil
    ) throws(MirrorError) -> PublishEvaluation {
        do {
            return try facts(request, sourceTag: sourceTag, publishTag: publishTag, remoteURL: remoteURL, patch: patch).evaluation()
        } catch {
            throw workspace.failure(any: error, "check publish-tag \(request.version) --from \(sourceTag)")
        }
    }

    // MARK: - Effects

    /// Creates the publish tag (or adopts the published one) as the evaluation says, into `result`.
    func makeTag(
        _ evaluation: PublishEvaluation, commit: ObjectID, message: PublishTagMessage, version: String,
        into result: inout PublishResult
    ) throws(MirrorError) {
        let publishTag = result.publishTag
        let publishRef = "refs/tags/" + publishTag
        do {
            switch evaluation.action {
            case .create:
                let (name, email) = tagger()
                let object = try repository.createTagObject(
                    name: publishTag, target: commit, message: message.rendered(), taggerName: name, taggerEmail: email)
                if case .exists(let other) = try repository.createReference(
                    publishRef, target: object, message: "release-mirror: publish-tag \(version)")
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
        } catch {
            throw workspace.failure(any: error, "create \(publishRef)")
        }
    }

    /// Pushes the publish tag to `mirror.remote`.
    func pushTag(_ publishRef: String, to remoteURL: RemoteURL) throws(MirrorError) {
        workspace.emit(.step("push \(publishRef) to \(remoteURL)"))
        do {
            _ = try workspace.push(["\(publishRef):\(publishRef)"], to: remoteURL)
        } catch {
            throw .runtime(
                workspace.failure(error, "push \(publishRef) to mirror.remote").description
                    + "\n\(publishRef) exists locally but was not published; re-run the same publish-tag command to push it")
        }
    }

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
