/// The fixed parts of the managed table (SPEC §7): markers, header and separator.
public enum LedgerTable {
    /// The line opening the managed table.
    public static let beginMarker = "<!-- release-mirror:mapping:begin -->"
    /// The line closing the managed table.
    public static let endMarker = "<!-- release-mirror:mapping:end -->"
    /// The header row.
    public static let header = "| Upstream tag | Commit | SDK version | Publish tag | Smoke | Interface |"
    /// The separator row.
    public static let separator = "|---|---|---|---|---|---|"
    /// The header without the Interface column (`publish.entry = ""`, or older tables).
    public static let headerWithoutInterface = "| Upstream tag | Commit | SDK version | Publish tag | Smoke |"
    /// The separator without the Interface column.
    public static let separatorWithoutInterface = "|---|---|---|---|---|"
    /// The section a ledger without markers gets appended.
    public static let sectionTitle = "## Version mapping"

    /// The header's cells, normalised for comparison.
    static let headerCells = ["upstream tag", "commit", "sdk version", "publish tag", "smoke", "interface"]

    /// Whether `cells` (lowercased) are the header, with or without the Interface column.
    static func isHeader(_ cells: [String]?) -> Bool {
        cells == headerCells || cells == Array(headerCells.dropLast())
    }

    /// The table's lines (header, separator, rows in the given order), each ended by `lineEnding`.
    /// - Parameter interface: whether the table has the Interface column (`publish.entry` set);
    ///   by default, when a row has an Interface cell (or there are no rows).
    public static func render(_ rows: [LedgerRow], interface: Bool? = nil, lineEnding: String = "\n") -> String {
        let columns = interface ?? (rows.isEmpty || rows.contains { $0.interface != nil })
        let top = columns ? [header, separator] : [headerWithoutInterface, separatorWithoutInterface]
        return (top + rows.map { $0.rendered() }).map { $0 + lineEnding }.joined()
    }
}
