import Git

extension Auditor {
    /// The patch findings (`patch-*`): the registry against the mirror's patch branches, each
    /// branch against its base and upstream's branch.
    func patchFindings() throws(MirrorError) -> [AuditFinding] {
        let book = try PatchBook(workspace: workspace)
        // No patches at all: a registry file (README.md by default) that never mentions the markers
        // is nobody's patch registry, and its own Markdown (an unclosed fence…) is not audited.
        let text = String(decoding: book.registry.section.bytes, as: UTF8.self)
        let mentionsMarkers = text.contains(PatchRegistry.beginMarker) || text.contains(PatchRegistry.endMarker)
        guard mentionsMarkers || !book.branches.isEmpty else { return [] }
        let facts: [PatchFacts]
        do { facts = try PatchFacts.read(book) } catch { throw workspace.failure(error, "read the patch branches for the audit") }
        return PatchFacts.findings(facts, registry: book.registry, mirrorBranch: workspace.configuration.mirror.branch)
    }
}
