import Foundation

/// A ledger file (`RELEASES.md`) split into what humans own and the one table the tool owns
/// (between `LedgerTable.beginMarker` and `endMarker`). Works on the file's bytes: every byte
/// outside the managed table is kept exactly, whatever its encoding or line endings.
///
/// Markers inside code (fenced or indented code blocks: a README showing the format, see
/// `LedgerCodeScanner`) are not markers.
public struct LedgerDocument: Sendable {
    /// One line of the file: its byte range without the line break, and the break's length.
    struct Line: Sendable {
        var start: Int
        var end: Int
        var breakLength: Int
    }

    /// The file's bytes.
    public let bytes: [UInt8]
    let lines: [Line]
    /// The 1-based line of the begin marker, when the table was found.
    public let beginLine: Int?
    /// The 1-based line of the end marker, when the table was found.
    public let endLine: Int?
    /// The rows that parsed, in file order (each with its line).
    public let rows: [LedgerRow]
    /// Rows that did not parse, and a missing or malformed header.
    public let problems: [LedgerProblem]
    /// Markers that are missing, repeated or out of order: the table cannot be located safely.
    public let markerProblems: [LedgerProblem]

    /// Whether the file has no markers at all (so `ledger update` may append the section).
    public var hasNoMarkers: Bool { beginLine == nil && endLine == nil && markerProblems.isEmpty }

    /// The line ending the file uses (`\r\n` when its first line break is one).
    public var lineEnding: String {
        lines.first { $0.breakLength > 0 }.map { $0.breakLength == 2 ? "\r\n" : "\n" } ?? "\n"
    }

    /// Parses `bytes`. A UTF-8 byte order mark is kept, but is not part of the first line's text.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
        var lines: [Line] = []
        var start = bytes.starts(with: LedgerDocument.byteOrderMark) ? LedgerDocument.byteOrderMark.count : 0
        for index in bytes.indices where bytes[index] == 0x0A {
            let end = index > start && bytes[index - 1] == 0x0D ? index - 1 : index
            lines.append(Line(start: start, end: end, breakLength: index + 1 - end))
            start = index + 1
        }
        if start < bytes.count { lines.append(Line(start: start, end: bytes.count, breakLength: 0)) }
        self.lines = lines

        let texts = lines.map { LedgerDocument.text(of: $0, in: bytes) }
        let (begins, ends, markerProblems) = LedgerDocument.locateMarkers(texts)
        self.markerProblems = markerProblems
        guard markerProblems.isEmpty, begins.count == 1, ends.count == 1 else {
            beginLine = nil
            endLine = nil
            rows = []
            problems = []
            return
        }
        beginLine = begins[0]
        endLine = ends[0]
        let table = LedgerDocument.parseTable(texts, begin: begins[0], end: ends[0])
        rows = table.rows
        problems = table.problems
    }

    /// The UTF-8 byte order mark some editors put at the start of a file.
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The 1-based lines of the markers outside code (a marker is a line of its own, indented by
    /// at most three spaces), and what is wrong with them.
    static func locateMarkers(_ texts: [String]) -> (begins: [Int], ends: [Int], problems: [LedgerProblem]) {
        let code = LedgerCodeScanner(texts)
        var begins: [Int] = []
        var ends: [Int] = []
        var markersInFence: [Int] = []
        for (index, text) in texts.enumerated() {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard trimmed == LedgerTable.beginMarker || trimmed == LedgerTable.endMarker else { continue }
            if code.isCode[index] {
                if let fence = code.unclosedFence, index + 1 > fence { markersInFence.append(index + 1) }
                continue
            }
            guard LedgerCodeScanner.indentation(of: text).columns <= 3 else { continue }
            if trimmed == LedgerTable.beginMarker { begins.append(index + 1) } else { ends.append(index + 1) }
        }
        var problems: [LedgerProblem] = []
        if let fence = code.unclosedFence, !markersInFence.isEmpty || (begins.isEmpty && ends.isEmpty) {
            let consequence = markersInFence.isEmpty
                ? "a managed table added after it would be code too"
                : "the marker(s) at line(s) \(markersInFence.map(String.init).joined(separator: ", ")) are read as code"
            problems.append(
                LedgerProblem(
                    line: fence,
                    message: "the code fence opened here is never closed, so everything after it is code and "
                        + "\(consequence); close the fence (a line of the same backticks or tildes)"))
        }
        problems += markerOrderProblems(begins: begins, ends: ends)
        return (begins, ends, problems)
    }

    /// Markers that are repeated, missing their partner or out of order.
    static func markerOrderProblems(begins: [Int], ends: [Int]) -> [LedgerProblem] {
        var problems: [LedgerProblem] = []
        for (marker, found) in [(LedgerTable.beginMarker, begins), (LedgerTable.endMarker, ends)] where found.count > 1 {
            problems.append(
                LedgerProblem(
                    line: found[1],
                    message: "more than one \(marker) (lines \(found.map(String.init).joined(separator: ", "))); "
                        + "keep one managed table"))
        }
        if begins.count == 1, ends.isEmpty {
            problems.append(
                LedgerProblem(line: begins[0], message: "\(LedgerTable.beginMarker) has no \(LedgerTable.endMarker) after it"))
        }
        if ends.count == 1, begins.isEmpty {
            problems.append(
                LedgerProblem(line: ends[0], message: "\(LedgerTable.endMarker) has no \(LedgerTable.beginMarker) before it"))
        }
        if begins.count == 1, ends.count == 1, ends[0] < begins[0] {
            problems.append(
                LedgerProblem(
                    line: ends[0], message: "\(LedgerTable.endMarker) comes before \(LedgerTable.beginMarker) (line \(begins[0]))"))
        }
        return problems
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
    public func text(ofLine number: Int) -> String? {
        guard number >= 1, number <= lines.count else { return nil }
        return LedgerDocument.text(of: lines[number - 1], in: bytes)
    }

    /// The file with the managed table replaced by `rows` (in the given order). A file without
    /// markers gets the section appended at its end; every other byte is kept.
    /// - Throws: the marker problems, when the table cannot be located safely.
    /// - Parameter interface: whether the table gets the Interface column; by default, when a
    ///   row has an Interface cell (or there are no rows).
    public func replacingTable(with rows: [LedgerRow], interface: Bool? = nil) throws(LedgerProblem) -> [UInt8] {
        if let problem = markerProblems.first { throw problem }
        let ending = lineEnding
        let table = Array(LedgerTable.render(rows, interface: interface, lineEnding: ending).utf8)
        guard let beginLine, let endLine else {
            var result = bytes
            if !result.isEmpty && result.last != 0x0A { result += Array(ending.utf8) }
            if !result.isEmpty { result += Array(ending.utf8) }
            result += Array((LedgerTable.sectionTitle + ending + LedgerTable.beginMarker + ending).utf8)
            result += table
            result += Array((LedgerTable.endMarker + ending).utf8)
            return result
        }
        let begin = lines[beginLine - 1]
        let end = lines[endLine - 1]
        return Array(bytes[..<(begin.end + begin.breakLength)]) + table + Array(bytes[end.start...])
    }

    /// The file with 1-based line `number` replaced by `text` (its line break kept).
    public func replacingLine(_ number: Int, with text: String) -> [UInt8] {
        let line = lines[number - 1]
        return Array(bytes[..<line.start]) + Array(text.utf8) + Array(bytes[line.end...])
    }

    /// The first row for `tag`, if any.
    public func row(for tag: String) -> LedgerRow? { rows.first { $0.tag == tag } }

    static func text(of line: Line, in bytes: [UInt8]) -> String {
        String(decoding: bytes[line.start..<line.end], as: UTF8.self)
    }
}
