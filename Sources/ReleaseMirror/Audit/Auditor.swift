import Foundation
import Git

/// `release-mirror audit` (SPEC §5.5): checks the ledger against git truth and the mirror's own
/// invariants. Everything is read once through the Git layer (`ReleaseInventory`), so thousands of
/// tags audit in well under a second; nothing is written.
public struct Auditor {
    let workspace: MirrorWorkspace

    /// Creates an auditor for the workspace's mirror.
    public init(workspace: MirrorWorkspace) { self.workspace = workspace }

    /// Audits the ledger at `ledgerPath` (default `publish.ledger`).
    /// - Throws: `MirrorError` when the ledger or the repository cannot be read at all.
    public func audit(ledgerPath: String? = nil) throws(MirrorError) -> AuditReport {
        let started = Date()
        let configuration = workspace.configuration
        let path = ledgerPath ?? configuration.publish.ledger
        let document = try LedgerDocument.read(path: path)
        let inventory: ReleaseInventory
        do {
            inventory = try ReleaseInventory.read(repository: workspace.repository, configuration: configuration)
        } catch {
            throw workspace.failure(error, "read the mirror's releases for the audit")
        }
        let findings = Auditor.findings(document: document, inventory: inventory, configuration: configuration, ledgerName: path)
            + (try patchFindings())
        return AuditReport(
            ledger: path, repository: configuration.mirror.repository, releases: inventory.releases.count,
            rows: document.rows.count, publishTags: inventory.publishTags.count, findings: findings,
            durationSeconds: Date().timeIntervalSince(started))
    }

    /// Every finding for a parsed ledger and an inventory (pure: no I/O).
    static func findings(
        document: LedgerDocument, inventory: ReleaseInventory, configuration: Configuration, ledgerName: String
    ) -> [AuditFinding] {
        AuditFacts(document: document, inventory: inventory, configuration: configuration, ledgerName: ledgerName).findings()
    }
}
