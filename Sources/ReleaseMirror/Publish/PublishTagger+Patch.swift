import Foundation
import Git

extension PublishTagger {
    /// A publish from a patch branch (`--from patch/NAME`, SPEC §13.5): the registry row (its base
    /// tag is the source tag) and the branch's tip in the mirror, which the publish tag names.
    struct PatchSource: Sendable, Equatable {
        /// The branch's short name.
        var branch: String
        /// Its registry row, when there is one.
        var row: PatchRow?
        /// Its tip in the mirror, when the mirror has the branch.
        var tip: ObjectID?
        /// Where the registry is.
        var registry: String
    }

    /// The patch branch `from` names (`patch/NAME` or `refs/heads/patch/NAME`, per `patches.branch`),
    /// read from the registry and the mirror; `nil` when `from` names no patch branch.
    func patchSource(_ from: String) throws(MirrorError) -> PatchSource? {
        let short = from.hasPrefix("refs/heads/") ? String(from.dropFirst("refs/heads/".count)) : from
        guard let name = configuration.patches.branch.value(in: short), ManagedNames.isPatchName(name) else { return nil }
        let book = try PatchBook(workspace: workspace)
        return PatchSource(branch: short, row: book.registry.row(branch: short), tip: book.branches[short], registry: book.registry.path)
    }

    /// The `patch-row` check: the registry has an active row for the branch.
    static func patchRowCheck(_ patch: PatchSource) -> PublishCheck {
        let file = (patch.registry as NSString).lastPathComponent
        guard let row = patch.row else {
            return .init(
                .patchRow, .fail,
                "\(file) has no row for \(patch.branch) (patches.registry); start patches with `release-mirror patch start`")
        }
        let place = "\(file):\(row.line ?? 0)"
        if row.isRetired {
            return .init(
                .patchRow, .fail,
                "\(place): \(patch.branch) is \(row.status); nothing is published from a retired patch (start a new one)")
        }
        return .init(.patchRow, .pass, "\(place): \(patch.branch) on \(row.baseTag), active")
    }

    /// The version verdict for a patch: only the base version plus `publish.allow-suffix`.
    static func patchVersionCheck(
        _ version: String, base: String, label: String, branch: String, rule: PublishVersionRule
    ) -> PublishCheck {
        if case .suffixed(let n) = rule.compare(version, base: base) {
            return .init(.version, .pass, "\(version) = \(label) \(base) + allow-suffix with n = \(n) (from \(branch))")
        }
        guard let suffix = rule.allowSuffix else {
            return .init(
                .version, .fail,
                "a patch publishes its base version plus publish.allow-suffix, which is not set; set it (e.g. \"-botiverse.{n}\") in the configuration")
        }
        return .init(
            .version, .fail,
            "\(version) ≠ \(label) \(base) + allow-suffix \"\(suffix)\"; from \(branch) you can publish \(base)\(suffix.name(for: "N")) (never \(base) itself)")
    }

    /// Records a publish from `patch` in the ledger: adds `publishTag` to the row of the base tag with
    /// `(patch/NAME)` on `tip`, or inserts that row just above the base tag's row.
    /// - Returns: the line changed, or `nil` when the row already said so.
    func fillPatchLedgerRow(
        _ branch: String, baseTag: String, tip: ObjectID, publishTag: String, smoke: SmokeOutcome.Status?, sdk: SemanticVersion?
    ) throws(MirrorError) -> Int? {
        let path = LedgerUpdater.resolve(configuration.publish.ledger)
        let document = try LedgerDocument.read(path: path)
        let bytes: [UInt8]
        let line: Int
        if var row = document.rows.first(where: { $0.isRow(tag: baseTag, patch: branch, commit: tip) }), let at = row.line {
            guard !row.publishTags.contains(publishTag) || row.smoke != smoke else { return nil }
            if !row.publishTags.contains(publishTag) { row.publishTags.append(publishTag) }
            row.smoke = smoke
            (bytes, line) = (document.replacingLine(at, with: row.rendered()), at)
        } else if let base = document.row(for: baseTag), let at = base.line, let text = document.text(ofLine: at) {
            let row = LedgerRow(
                tag: baseTag, commit: tip.short(LedgerRow.commitLength), sdkVersion: sdk, publishTags: [publishTag], smoke: smoke,
                interface: base.interface == nil ? nil : InterfaceCell.none, patchBranch: branch)
            (bytes, line) = (document.replacingLine(at, with: row.rendered() + document.lineEnding + text), at)
        } else {
            throw .io(
                path: path,
                message: "the row for \(baseTag) disappeared while publish-tag ran; the tag was created: run `release-mirror ledger update`")
        }
        do {
            try LedgerUpdater.write(bytes, to: path)
        } catch {
            guard case .io(_, let reason) = error else { throw error }
            throw .io(path: path, message: "\(reason); the tag was created: run `release-mirror ledger update` to add its row")
        }
        workspace.emit(.detail("\((path as NSString).lastPathComponent):\(line): row for \(baseTag) (\(branch)) lists \(publishTag)"))
        return line
    }
}
