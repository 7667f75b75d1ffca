import Git

/// What `audit` judges (SPEC §5.5): the parsed ledger and the mirror's inventory, read once by
/// `Auditor.audit`, with the indexes the checks share. The checks in `AuditFacts+Checks.swift` are
/// pure functions of it, testable on a value built by hand.
struct AuditFacts: Sendable {
    /// The ledger.
    var document: LedgerDocument
    /// Git truth about every release.
    var inventory: ReleaseInventory
    /// The configuration (patterns, manifest path, `version-from`, `allow-suffix`, `require-smoke`).
    var configuration: Configuration
    /// The ledger's name in findings about the file itself.
    var ledgerName: String

    /// The releases by tag (the first, should one repeat).
    let releasesByTag: [String: ReleaseInventory.Release]
    /// The publish tags by name (the first, should one repeat).
    let publishByName: [String: ReleaseInventory.PublishTag]
    /// The first row of each release tag; rows of patch publishes aside.
    let firstRow: [String: LedgerRow]
    /// The first row whose Publish tag cell lists each publish tag (a later duplicate row of a
    /// release tag lists nothing).
    let listedPublish: [String: LedgerRow]

    init(document: LedgerDocument, inventory: ReleaseInventory, configuration: Configuration, ledgerName: String) {
        self.document = document
        self.inventory = inventory
        self.configuration = configuration
        self.ledgerName = ledgerName
        releasesByTag = Dictionary(inventory.releases.map { ($0.tag, $0) }, uniquingKeysWith: { a, _ in a })
        publishByName = Dictionary(inventory.publishTags.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var firstRow: [String: LedgerRow] = [:]
        var listedPublish: [String: LedgerRow] = [:]
        for row in document.rows {
            if row.patchBranch == nil {
                guard firstRow[row.tag] == nil else { continue }
                firstRow[row.tag] = row
            }
            for name in row.publishTags where listedPublish[name] == nil { listedPublish[name] = row }
        }
        self.firstRow = firstRow
        self.listedPublish = listedPublish
    }
}
