import Foundation
internal import Git

/// `release-mirror smoke <ref> [--record]` (SPEC §5.3): runs the smoke hook for one mirror tag,
/// branch or commit exactly as sync does (`SmokeRunner`). With `record`, it then takes the run
/// lock, adopts the published mirror's refs (so the notes ref is current), stores the note, pushes
/// `refs/notes/release-mirror` to `mirror.remote` when set, and opens or closes the ref's
/// `smoke-failed` report. Without `record` nothing is written anywhere.
public struct RefSmoke {
    /// What the command did.
    public struct Result: Sendable, Codable {
        /// The smoke result.
        public var outcome: SmokeOutcome
        /// Whether the note was stored.
        public var recorded: Bool
        /// Remote refs updated by the push.
        public var pushed: [String]
        /// Reports opened, commented or closed.
        public var reports: [String]
    }

    let workspace: MirrorWorkspace
    /// The runner (always runs, even when the commit already has a passing note).
    public var runner: SmokeRunner
    /// Publishes the report of a recorded run.
    public var publisher: ReportPublisher

    /// Creates the command's engine.
    public init(workspace: MirrorWorkspace, runner: SmokeRunner = SmokeRunner(record: false, skipVerified: false), publisher: ReportPublisher = ReportPublisher()) {
        self.workspace = workspace
        self.runner = runner
        self.publisher = publisher
    }

    /// The commit `name` designates: a full ref, a tag, a branch, or any revision (sha, short sha).
    /// A tag matching `upstream.release-tags` with a SemVer version carries that version.
    public static func resolve(_ name: String, in workspace: MirrorWorkspace) throws(MirrorError) -> SmokeTarget {
        let repository = workspace.repository
        let configuration = workspace.configuration
        let candidates = (name.hasPrefix("refs/") ? [name] : ["refs/tags/" + name, "refs/heads/" + name])
            .filter(Repository.isValidReferenceName)
        do {
            for ref in candidates {
                guard let target = try repository.referenceTarget(ref) else { continue }
                let commit = try repository.peelToCommit(target)
                var version: String?
                if ref.hasPrefix("refs/tags/"), let raw = configuration.upstream.releaseTags.value(in: String(ref.dropFirst(10))),
                    let parsed = SemanticVersion(raw), parsed.description == raw
                {
                    version = raw
                }
                return SmokeTarget(ref: ref, commit: commit, version: version)
            }
        } catch {
            throw workspace.failure(error, "resolve \(name) for smoke")
        }
        do {
            let commit = try repository.peelToCommit(try repository.resolve(name))
            return SmokeTarget(ref: commit.hex, commit: commit, version: nil)
        } catch {
            throw .usage(
                "smoke: \"\(name)\" is not a tag, branch or commit of the mirror at \(configuration.mirror.repository) "
                    + "(\(error.message)); run `release-mirror sync` first, or pass a full ref or sha")
        }
    }

    /// Runs the hook for `name`; with `record`, stores, pushes and reports the result.
    public func run(_ name: String, record: Bool, lockTimeout: Double) async throws(MirrorError) -> Result {
        let target = try RefSmoke.resolve(name, in: workspace)
        let outcome = await runner.run(target, in: workspace)
        var result = Result(outcome: outcome, recorded: false, pushed: [], reports: [])
        guard record else { return result }

        let lock = try workspace.lock(timeout: lockTimeout)
        defer { withExtendedLifetime(lock) {} }
        let remoteURL = try workspace.remoteURL()
        if let remoteURL {
            // Adopt the published notes (and other managed refs) first, so our note lands on top of
            // them and the push is a fast-forward.
            _ = try OriginReconciler(workspace: workspace, managed: ManagedRefs(configuration: workspace.configuration), url: remoteURL)
                .reconcile(write: true)
        }
        try runner.recordNote(outcome, in: workspace)
        result.recorded = true
        if let remoteURL {
            let spec = "\(Configuration.notesRef):\(Configuration.notesRef)"
            workspace.emit(.step("push \(Configuration.notesRef) to \(remoteURL)"))
            do {
                result.pushed = try workspace.push([spec], to: remoteURL)
            } catch {
                throw workspace.failure(
                    error, "push \(Configuration.notesRef) to the mirror's remote (mirror.remote = \(workspace.configuration.mirror.remote)); "
                        + "the note is stored locally and the next sync pushes it")
            }
        }
        let builder = ReportBuilder(workspace: workspace)
        if outcome.status == .passed {
            result.reports = await publisher.publish([], clearing: [builder.smokePassed(outcome)], in: workspace)
        } else {
            let report = builder.smokeFailed(outcome, manifestPresent: ReportPublisher.manifestPresent(at: outcome.commit, in: workspace))
            result.reports = await publisher.publish([report], clearing: [], in: workspace)
        }
        return result
    }
}
