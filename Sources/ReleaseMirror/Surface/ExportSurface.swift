/// The public surface of a module entry: every name it exports, following `export * from` into
/// files of the same source, plus one opaque entry per `export * from '<other package>'`.
public struct ExportSurface: Sendable, Equatable, Codable {
    /// The entry file (`packages/node-sdk/src/index.ts`).
    public var entry: String
    /// Whether the entry file exists; when `false` everything else is empty but `warnings`.
    public var found: Bool
    /// The exported names, sorted, without duplicates (`default` only when the entry itself, or a
    /// named re-export, exports it: `export *` never passes `default` on).
    public var names: [String]
    /// `* from '<package>'` for each `export * from` another package, sorted.
    public var opaque: [String]
    /// The files read, sorted.
    public var files: [String]
    /// What could not be followed: missing or unreadable files, unmatched `#` imports. Each names
    /// the file and line of the statement and what was tried.
    public var warnings: [String]

    /// Creates a value; `names` and `opaque` are sorted and deduplicated.
    public init(entry: String, found: Bool, names: [String] = [], opaque: [String] = [], files: [String] = [], warnings: [String] = []) {
        self.entry = entry
        self.found = found
        self.names = Array(Set(names)).sorted()
        self.opaque = Array(Set(opaque)).sorted()
        self.files = Array(Set(files)).sorted()
        self.warnings = warnings
    }

    /// The names and the opaque entries together, sorted: what a release adds or removes.
    public var symbols: [String] { (names + opaque).sorted() }
}
