import Foundation
internal import Git

/// `patch start`, `patch set-base` and `patch retire`: the writes of a patch branch's lifecycle.
/// Each checks everything first and writes nothing when a check fails (exit 5); each can be re-run
/// after an interruption and completes what is missing.
public struct PatchManager {
    let workspace: MirrorWorkspace
    let lockTimeout: Double

    /// Creates a manager for the workspace's mirror.
    public init(workspace: MirrorWorkspace, lockTimeout: Double = 30) {
        self.workspace = workspace
        self.lockTimeout = lockTimeout
    }

    var configuration: Configuration { workspace.configuration }
    var repository: Repository { workspace.repository }

    /// Creates the patch branch at `tag`'s commit (create-only) in the mirror and on its remote,
    /// and adds the registry row.
    public func start(name: String, on tag: String, reason: String?, upstreamPR: String?) throws(MirrorError) -> PatchOutcome {
        let branch = try PatchBook.branch(for: name, configuration: configuration)
        if let upstreamPR, !(upstreamPR.hasPrefix("https://") || upstreamPR.hasPrefix("http://")) || upstreamPR.contains(where: \.isWhitespace) {
            throw .usage("--upstream-pr \"\(upstreamPR)\" must be an http(s) URL of the upstream pull request")
        }
        let lock = try workspace.lock(timeout: lockTimeout)
        defer { withExtendedLifetime(lock) {} }
        let book = try PatchBook(workspace: workspace)
        try book.registry.requireClean()
        let base = try book.releaseTag(tag)
        if let row = book.registry.row(branch: branch) {
            throw .checkFailed(
                "\(branch) is already registered in \(book.registry.path):\(row.line ?? 0) (\(row.status)); "
                    + (row.isRetired ? "pick a new name" : "use `release-mirror patch set-base \(name) --on TAG` to move its base"))
        }
        let ref = "refs/heads/" + branch
        if let local = book.branches[branch], local != base.commit {
            throw .checkFailed("\(ref) already exists in the mirror at \(local.short()), not at \(base.tag) (\(base.commit.short())); nothing was written")
        }
        let url = try workspace.remoteURL()
        let remote = try url.map { (url) throws(MirrorError) in try remoteTip(ref, url) } ?? nil
        if let remote, remote != base.commit {
            throw .checkFailed(
                "\(ref) already exists on mirror.remote at \(remote.short()); register it with the base it was made on "
                    + "by hand, or pick another name; nothing was written")
        }
        do {
            try repository.createReference(ref, target: base.commit, message: "release-mirror: patch start \(name) on \(base.tag)")
        } catch {
            throw workspace.failure(error, "create \(ref)")
        }
        if let url, remote == nil {
            workspace.emit(.step("push \(ref) to \(url)"))
            do { _ = try workspace.push(["\(ref):\(ref)"], to: url) } catch {
                throw .runtime(
                    workspace.failure(error, "push \(ref) to mirror.remote").description
                        + "\n\(ref) exists in the mirror but not on mirror.remote; re-run the same command to push it and register it")
            }
        }
        let row = PatchRow(branch: branch, baseTag: base.tag, reason: reason, upstreamPR: upstreamPR)
        try book.registry.write(book.registry.rows + [row])
        return PatchOutcome(
            name: name, branch: branch, baseTag: base.tag, tip: base.commit.hex, changed: true, pushed: url != nil,
            registry: book.registry.path)
    }

    /// Moves the registered base of patch `name` to `tag`, after people rebased the branch onto it.
    public func setBase(name: String, on tag: String) throws(MirrorError) -> PatchOutcome {
        let branch = try PatchBook.branch(for: name, configuration: configuration)
        let lock = try workspace.lock(timeout: lockTimeout)
        defer { withExtendedLifetime(lock) {} }
        let adopted = try PatchAdoption.adopt(workspace, only: [branch]).adopted
        let book = try PatchBook(workspace: workspace)
        try book.registry.requireClean()
        let row = try activeRow(book, branch: branch, command: "set-base")
        let base = try book.releaseTag(tag)
        guard let tip = book.branches[branch] else {
            throw .checkFailed("\(branch) does not exist in the mirror or on mirror.remote; nothing to rebase (retire the row instead)")
        }
        guard (try? repository.isDescendant(tip, of: base.commit)) == true else {
            throw .checkFailed(
                "\(branch) (tip \(tip.short())) does not contain \(base.tag) (\(base.commit.short())): rebase it onto that tag "
                    + "and push it first; the registry was not changed")
        }
        var outcome = PatchOutcome(
            name: name, branch: branch, baseTag: base.tag, tip: tip.hex, changed: row.baseTag != base.tag, pushed: false,
            registry: book.registry.path, adopted: adopted)
        if outcome.changed {
            try book.registry.write(book.registry.rows.map { $0.branch == branch ? with($0) { $0.baseTag = base.tag } : $0 })
        }
        outcome.changed = outcome.changed || !adopted.isEmpty
        return outcome
    }

    /// The active row of `branch`, or a refusal (exit 5).
    func activeRow(_ book: PatchBook, branch: String, command: String) throws(MirrorError) -> PatchRow {
        guard let row = book.registry.row(branch: branch) else {
            throw .checkFailed("\(branch) has no row in \(book.registry.path); start a patch with `release-mirror patch start`")
        }
        guard !row.isRetired else {
            throw .checkFailed("\(branch) is retired (\(book.registry.path):\(row.line ?? 0)); \(command) refused")
        }
        return row
    }

    /// The remote's tip of `ref`, if it has the ref.
    func remoteTip(_ ref: String, _ url: RemoteURL) throws(MirrorError) -> ObjectID? {
        do {
            return try Remote(repository: repository, url: url).listReferences(credentials: workspace.mirrorCredentials(for: url))
                .first { $0.name == ref }?.id
        } catch {
            throw workspace.failure(error, "list the mirror's remote (mirror.remote = \(configuration.mirror.remote))")
        }
    }
}

/// `value` changed by `change`.
func with<T>(_ value: T, _ change: (inout T) -> Void) -> T {
    var copy = value
    change(&copy)
    return copy
}
