import Foundation

/// A ledger file (`RELEASES.md`) split into what humans own and the one table the tool owns
/// (between `LedgerTable.beginMarker` and `endMarker`). Works on the file's bytes: every byte
/// outside the managed table is kept exactly, whatever its encoding or line endings.
///
/// Markers inside code (fenced or indented code blocks: a README showing the format, see
/// `LedgerCodeScanner`) are not markers.
public struct LedgerDocument: Sendable {
    /// The file split around the managed table's markers.
    public let section: ManagedSection
    /// The file's bytes.
    public var bytes: [UInt8] { section.bytes }
    /// The 1-based line of the begin marker, when the table was found.
    public var beginLine: Int? { section.beginLine }
    /// The 1-based line of the end marker, when the table was found.
    public var endLine: Int? { section.endLine }
    /// The rows that parsed, in file order (each with its line).
    public let rows: [LedgerRow]
    /// Rows that did not parse, and a missing or malformed header.
    public let problems: [LedgerProblem]
    /// Markers that are missing, repeated or out of order: the table cannot be located safely.
    public var markerProblems: [LedgerProblem] { section.markerProblems }

    /// Whether the file has no markers at all (so `ledger update` may append the section).
    public var hasNoMarkers: Bool { section.hasNoMarkers }

    /// The line ending the file uses (`\r\n` when its first line break is one).
    public var lineEnding: String { section.lineEnding }

    /// Parses `bytes`. A UTF-8 byte order mark is kept, but is not part of the first line's text.
    public init(bytes: [UInt8]) {
        section = ManagedSection(bytes: bytes, beginMarker: LedgerTable.beginMarker, endMarker: LedgerTable.endMarker)
        guard let begin = section.beginLine, let end = section.endLine else {
            rows = []
            problems = []
            return
        }
        let table = LedgerDocument.parseTable(section.texts, begin: begin, end: end)
        rows = table.rows
        problems = table.problems
    }

    /// The table between the markers: header, separator, rows. Blank lines are ignored.
    static func parseTable(_ texts: [String], begin: Int, end: Int) -> (rows: [LedgerRow], problems: [LedgerProblem]) {
        var rows: [LedgerRow] = []
        var problems: [LedgerProblem] = []
        var stage = 0  // 0: expect header, 1: expect separator, 2: rows
        var columns = 0
        for number in (begin + 1)..<end {
            let text = texts[number - 1]
            if text.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            switch stage {
            case 0:
                let cells = LedgerRow.splitCells(text)?.map { $0.lowercased() }
                if LedgerTable.isHeader(cells) {
                    stage = 1
                    columns = cells?.count ?? 0
                    continue
                }
                problems.append(
                    LedgerProblem(line: number, message: "expected the table header \(LedgerTable.header) first"))
                stage = 2
                fallthrough
            case 2:
                switch LedgerRow.parse(text, line: number, columns: columns == 0 ? nil : columns) {
                case .success(let row): rows.append(row)
                case .failure(let problem): problems.append(problem)
                }
            default:
                stage = 2
                if !isSeparator(text, columns: columns) {
                    problems.append(
                        LedgerProblem(line: number, message: "expected the separator \(LedgerTable.separator) after the header"))
                }
            }
        }
        if stage == 0 {
            problems.append(LedgerProblem(line: begin, message: "the managed table has no header: \(LedgerTable.header)"))
        }
        return (rows, problems)
    }

    /// Whether `text` is the table's separator row (`|---|:--|…`, one cell per header column).
    static func isSeparator(_ text: String, columns: Int) -> Bool {
        let cells = LedgerRow.splitCells(text) ?? []
        return cells.count == columns && cells.allSatisfy { cell in
            let core = cell.drop { $0 == ":" }.reversed().drop { $0 == ":" }
            return !core.isEmpty && core.allSatisfy { $0 == "-" }
        }
    }

    /// Reads the file at `path`.
    public static func read(path: String) throws(MirrorError) -> LedgerDocument {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
                throw .io(path: path, message: isDirectory.boolValue ? "is a directory, not a ledger file" : "cannot be read")
            }
            throw .io(path: path, message: "no ledger here (publish.ledger); create it with `release-mirror ledger update`")
        }
        return LedgerDocument(bytes: Array(data))
    }

    /// The text of 1-based line `number` (without its line break).
    public func text(ofLine number: Int) -> String? { section.text(ofLine: number) }

    /// The file with the managed table replaced by `rows` (in the given order). A file without
    /// markers gets the section appended at its end; every other byte is kept.
    /// - Throws: the marker problems, when the table cannot be located safely.
    /// - Parameter interface: whether the table gets the Interface column; by default, when a
    ///   row has an Interface cell (or there are no rows).
    public func replacingTable(with rows: [LedgerRow], interface: Bool? = nil) throws(LedgerProblem) -> [UInt8] {
        try section.replacingTable(
            with: LedgerTable.render(rows, interface: interface, lineEnding: lineEnding), sectionTitle: LedgerTable.sectionTitle)
    }

    /// The file with 1-based line `number` replaced by `text` (its line break kept).
    public func replacingLine(_ number: Int, with text: String) -> [UInt8] { section.replacingLine(number, with: text) }

    /// The first row for `tag`, if any.
    public func row(for tag: String) -> LedgerRow? { rows.first { $0.tag == tag && $0.patchBranch == nil } }
}
