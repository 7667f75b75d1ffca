import Foundation
internal import Git

extension PatchManager {
    /// Retires patch `name`: archives its tip under `refs/release-mirror/archive/patch/<name>/…`
    /// (create-only), pushes the archive, and only then deletes the branch from the remote (a
    /// leased deletion: only if the remote still holds the archived tip) and from the mirror, and
    /// marks the row retired. The only ref deletion the tool makes.
    public func retire(name: String) throws(MirrorError) -> PatchOutcome {
        let branch = try PatchBook.branch(for: name, configuration: configuration)
        let lock = try workspace.lock(timeout: lockTimeout)
        defer { withExtendedLifetime(lock) {} }
        let (adopted, remote) = try PatchAdoption.adopt(workspace, only: [branch])
        let book = try PatchBook(workspace: workspace)
        try book.registry.requireClean()
        guard let row = book.registry.row(branch: branch) else {
            throw .checkFailed("\(branch) has no row in \(book.registry.path); nothing to retire")
        }
        var outcome = PatchOutcome(
            name: name, branch: branch, baseTag: row.baseTag, tip: nil, archive: row.status.archive, changed: false, pushed: false,
            registry: book.registry.path, adopted: adopted)
        guard !row.isRetired else { return outcome }
        guard let tip = book.branches[branch] else {
            throw .checkFailed("\(branch) exists neither in the mirror nor on mirror.remote: there is no tip to archive; nothing was written")
        }
        outcome.tip = tip.hex
        let archive = try archiveRef(name: name, tip: tip)
        outcome.archive = archive
        let ref = "refs/heads/" + branch
        if let url = try workspace.remoteURL() {
            workspace.emit(.step("push \(archive) to \(url), then delete \(ref) there"))
            do {
                _ = try workspace.push(["\(archive):\(archive)"], to: url)
                if remote?[branch] != nil { _ = try workspace.push([":\(ref)"], to: url, deletions: [ref: tip]) }
            } catch {
                throw .runtime(
                    workspace.failure(error, "retire \(branch) on mirror.remote").description
                        + "\nthe registry still lists \(branch) as active; re-run the same command to finish")
            }
            outcome.pushed = true
        }
        do { try repository.deleteBranch(ref, expecting: tip) } catch { throw workspace.failure(error, "delete \(ref) in the mirror") }
        try book.registry.write(book.registry.rows.map { $0.branch == branch ? with($0) { $0.status = .retired(archive: archive) } : $0 })
        outcome.changed = true
        return outcome
    }

    /// The archive ref of `tip`: an existing one of this patch at `tip` (a re-run), else a new one.
    func archiveRef(name: String, tip: ObjectID) throws(MirrorError) -> String {
        let prefix = "refs/release-mirror/archive/patch/\(name)/"
        do {
            if let existing = try repository.references(withPrefix: prefix).first(where: { $0.target == tip }) { return existing.name }
            let archive = prefix + "\(SyncPlanner.stamp(workspace.environment.now()))-\(tip.short(12))"
            if case .exists(let other) = try repository.createReference(archive, target: tip, message: "release-mirror: patch retire \(name)") {
                throw MirrorError.runtime("\(archive) appeared at \(other.short()) while retire ran (another writer?); nothing was pushed")
            }
            return archive
        } catch let error as GitError {
            throw workspace.failure(error, "archive \(name) under \(prefix)")
        } catch let error as MirrorError {
            throw error
        } catch {
            throw .runtime("archive \(name): \(error)")
        }
    }
}
