import Git

extension Auditor {
    /// The patch findings (`patch-*`): the registry against the mirror's patch branches, each
    /// branch against its base and upstream's branch.
    func patchFindings() throws(MirrorError) -> [AuditFinding] {
        let book = try PatchBook(workspace: workspace)
        guard book.registry.exists || !book.branches.isEmpty else { return [] }
        let facts: [PatchFacts]
        do { facts = try PatchFacts.read(book) } catch { throw workspace.failure(error, "read the patch branches for the audit") }
        return PatchFacts.findings(facts, registry: book.registry, mirrorBranch: workspace.configuration.mirror.branch)
    }
}
