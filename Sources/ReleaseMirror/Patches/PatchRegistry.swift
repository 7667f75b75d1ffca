import Foundation

/// The patch registry: the managed table of `patches.registry` (default `README.md`) between
/// `beginMarker` and `endMarker`, one row per patch branch. Every byte outside the table is kept
/// (see `ManagedSection`); a file without the markers gets the section appended.
public struct PatchRegistry: Sendable {
    /// The line opening the managed table.
    public static let beginMarker = "<!-- release-mirror:patches:begin -->"
    /// The line closing the managed table.
    public static let endMarker = "<!-- release-mirror:patches:end -->"
    /// The header row.
    public static let header = "| Local patch branch | Based on tag | Reason | Upstream PR | Status |"
    /// The separator row.
    public static let separator = "|---|---|---|---|---|"
    /// The section a file without markers gets appended.
    public static let sectionTitle = "## Patch branches"

    /// The registry file (absolute path).
    public let path: String
    /// Whether the file exists.
    public let exists: Bool
    /// The file split around the markers.
    public let section: ManagedSection
    /// The rows that parsed, in file order.
    public let rows: [PatchRow]
    /// Rows that did not parse, and marker problems.
    public let problems: [LedgerProblem]

    /// Parses `bytes` (the contents of `path`).
    public init(path: String, bytes: [UInt8], exists: Bool = true) {
        self.path = path
        self.exists = exists
        section = ManagedSection(bytes: bytes, beginMarker: PatchRegistry.beginMarker, endMarker: PatchRegistry.endMarker)
        var rows: [PatchRow] = []
        var problems = section.markerProblems
        var sawHeader = false
        for (number, text) in section.tableLines where !text.trimmingCharacters(in: .whitespaces).isEmpty {
            if !sawHeader {
                sawHeader = true
                if LedgerRow.splitCells(text)?.map({ $0.lowercased() }) == PatchRegistry.headerCells { continue }
                problems.append(LedgerProblem(line: number, message: "expected the table header \(PatchRegistry.header) first"))
            }
            if LedgerDocument.isSeparator(text, columns: 5) { continue }
            switch PatchRow.parse(text, line: number) {
            case .success(let row): rows.append(row)
            case .failure(let problem): problems.append(problem)
            }
        }
        self.rows = rows
        self.problems = problems
    }

    static let headerCells = ["local patch branch", "based on tag", "reason", "upstream pr", "status"]

    /// Reads the registry at `path`; a missing file is an empty registry.
    public static func read(path: String) throws(MirrorError) -> PatchRegistry {
        let resolved = LedgerFileWriter.resolve(path)
        guard FileManager.default.fileExists(atPath: resolved) else { return PatchRegistry(path: resolved, bytes: [], exists: false) }
        guard let data = FileManager.default.contents(atPath: resolved) else {
            throw .io(path: resolved, message: "cannot be read (patches.registry)")
        }
        return PatchRegistry(path: resolved, bytes: Array(data))
    }

    /// The row of the branch `branch`, if any.
    public func row(branch: String) -> PatchRow? { rows.first { $0.branch == branch } }

    /// Writes the registry with `rows` as its table (in the given order), keeping every other byte.
    /// - Throws: when the markers are broken (the file is left as it was) or the file cannot be written.
    public func write(_ rows: [PatchRow]) throws(MirrorError) {
        let ending = section.lineEnding
        let table = ([PatchRegistry.header, PatchRegistry.separator] + rows.map { $0.rendered() }).map { $0 + ending }.joined()
        let bytes: [UInt8]
        do {
            bytes = try section.replacingTable(with: table, sectionTitle: PatchRegistry.sectionTitle)
        } catch {
            throw .configuration(
                file: path, line: error.line ?? 0, key: "patches.registry",
                message: error.message + "; fix the patch registry markers by hand, then re-run")
        }
        try LedgerFileWriter.write(bytes, to: path)
    }

    /// Refuses to change a registry whose table has problems (a row would be lost or rewritten).
    public func requireClean() throws(MirrorError) {
        guard let problem = problems.first else { return }
        throw .configuration(
            file: path, line: problem.line ?? 0, key: "patches.registry",
            message: problem.message + "; fix the patch registry table by hand, then re-run")
    }
}
