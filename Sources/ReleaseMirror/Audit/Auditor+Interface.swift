extension Auditor {
    /// The Interface column's findings: each row's cell must be what the exported names of
    /// `publish.entry` at its tag against the previous release give (pure: no I/O); rows of patch
    /// publishes are not compared. Nothing is
    /// checked when `publish.entry` is `""`; a table without the column is one finding.
    static func interfaceFindings(
        document: LedgerDocument, inventory: ReleaseInventory, configuration: Configuration
    ) -> [AuditFinding] {
        guard inventory.interfaceEnabled, !document.rows.isEmpty else { return [] }
        let entry = configuration.publish.entry
        if document.rows.allSatisfy({ $0.interface == nil }) {
            return [
                .init(
                    .interfaceUnlisted, line: document.beginLine, subject: entry,
                    message: "the table has no Interface column but publish.entry is \(entry); "
                        + "run `release-mirror ledger update` to add it (or set publish.entry = \"\")")
            ]
        }
        var previousTag: [String: String] = [:]
        var last: String?
        for release in inventory.releases where release.commit != nil {
            previousTag[release.tag] = last
            last = release.tag
        }
        var seen = Set<String>()
        var findings: [AuditFinding] = []
        for row in document.rows where row.patchBranch == nil && seen.insert(row.tag).inserted {
            guard let expected = inventory.interfaces[row.tag] else { continue }  // not a release: reported elsewhere
            guard let cell = row.interface else {
                findings.append(
                    .init(
                        .interfaceMismatch, line: row.line, subject: row.tag,
                        message: "the row has no Interface cell; git says \(expected); run `release-mirror ledger update`"))
                continue
            }
            guard cell != expected else { continue }
            let against = previousTag[row.tag].map { "against \($0)" } ?? "(the first release)"
            findings.append(
                .init(
                    .interfaceMismatch, line: row.line, subject: row.tag,
                    message: "the row's Interface is \(cell) but the exported names of \(entry) at \(row.tag) \(against) "
                        + "give \(expected); see `release-mirror surface \(row.tag)` and run `release-mirror ledger update`"))
        }
        return findings
    }
}
