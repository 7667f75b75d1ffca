/// The fixed parts of the managed table (SPEC §7): markers, header and separator.
public enum LedgerTable {
    /// The line opening the managed table.
    public static let beginMarker = "<!-- release-mirror:mapping:begin -->"
    /// The line closing the managed table.
    public static let endMarker = "<!-- release-mirror:mapping:end -->"
    /// The header row.
    public static let header = "| Upstream tag | Commit | SDK version | Publish tag | Smoke |"
    /// The separator row.
    public static let separator = "|---|---|---|---|---|"
    /// The section a ledger without markers gets appended.
    public static let sectionTitle = "## Version mapping"

    /// The header's cells, normalised for comparison.
    static let headerCells = ["upstream tag", "commit", "sdk version", "publish tag", "smoke"]

    /// The table's lines (header, separator, rows in the given order), each ended by `lineEnding`.
    public static func render(_ rows: [LedgerRow], lineEnding: String = "\n") -> String {
        ([header, separator] + rows.map { $0.rendered() }).map { $0 + lineEnding }.joined()
    }
}
