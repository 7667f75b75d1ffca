internal import Git

/// One line of `patch list`: a registered patch, or a patch branch without a row.
public struct PatchInfo: Sendable, Codable, Equatable {
    /// The patch name.
    public var name: String
    /// The branch (short name).
    public var branch: String
    /// The registered base tag (`nil` for an unregistered branch).
    public var baseTag: String?
    /// Non-merge and merge commits on the branch since its base (`nil` when unknown).
    public var ahead: Int?
    /// The branch's tip in the mirror (the archive's for a retired patch).
    public var tip: String?
    /// The smoke note's status at the tip.
    public var smoke: SmokeOutcome.Status?
    /// Publish tags (short names) on the branch's commits since its base, or on its archive.
    public var published: [String]
    /// `active`, `retired`, `missing` (a row without a branch) or `unregistered` (a branch without a row).
    public var status: String

    enum CodingKeys: String, CodingKey {
        case name, branch, ahead, tip, smoke, published, status
        case baseTag = "base_tag"
    }

    /// Reads the list from `book`: registry rows in file order, then unregistered branches by name.
    static func list(_ book: PatchBook) -> [PatchInfo] {
        var result: [PatchInfo] = []
        for row in book.registry.rows {
            let archiveTip = row.status.archive.flatMap { try? book.repository.referenceTarget($0) }
            let tip = row.isRetired ? archiveTip : book.branches[row.branch]
            var info = PatchInfo(
                name: book.name(of: row.branch) ?? row.branch, branch: row.branch, baseTag: row.baseTag, ahead: nil, tip: tip?.hex,
                smoke: tip.flatMap(book.smoke), published: [],
                status: row.isRetired ? "retired" : (tip == nil ? "missing" : "active"))
            if let tip {
                let commits = book.commit(ofTag: row.baseTag).flatMap { try? book.commits(tip: tip, since: $0) }
                info.ahead = commits?.count
                info.published = book.publishTags(on: Set(commits ?? [tip]))
            }
            result.append(info)
        }
        for (branch, tip) in book.branches.sorted(by: { $0.key < $1.key }) where book.registry.row(branch: branch) == nil {
            result.append(
                PatchInfo(
                    name: book.name(of: branch) ?? branch, branch: branch, baseTag: nil, ahead: nil, tip: tip.hex,
                    smoke: book.smoke(tip), published: book.publishTags(on: [tip]), status: "unregistered"))
        }
        return result
    }
}

extension PatchManager {
    /// `patch list`: the registered patches and any patch branch without a row, after taking the
    /// remote's patch branches as they are.
    public func list() throws(MirrorError) -> (patches: [PatchInfo], adopted: [PatchAdoption]) {
        let lock = try workspace.lock(timeout: lockTimeout)
        defer { withExtendedLifetime(lock) {} }
        let adopted = try PatchAdoption.adopt(workspace).adopted
        return (PatchInfo.list(try PatchBook(workspace: workspace)), adopted)
    }
}
