import Foundation

/// A ledger file (`RELEASES.md`) split into what humans own and the one table the tool owns
/// (between `LedgerTable.beginMarker` and `endMarker`). Works on the file's bytes: every byte
/// outside the managed table is kept exactly, whatever its encoding or line endings.
///
/// Markers inside fenced code blocks (a README showing the format) are not markers.
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

    /// Parses `bytes`.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
        var lines: [Line] = []
        var start = 0
        for index in bytes.indices where bytes[index] == 0x0A {
            let end = index > start && bytes[index - 1] == 0x0D ? index - 1 : index
            lines.append(Line(start: start, end: end, breakLength: index + 1 - end))
            start = index + 1
        }
        if start < bytes.count { lines.append(Line(start: start, end: bytes.count, breakLength: 0)) }
        self.lines = lines

        // Locate the markers outside fenced code blocks.
        var fence: String?
        var begins: [Int] = []
        var ends: [Int] = []
        for (index, line) in lines.enumerated() {
            let text = LedgerDocument.text(of: line, in: bytes)
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            let unindented = text.drop { $0 == " " }
            if text.count - unindented.count <= 3, unindented.hasPrefix("```") || unindented.hasPrefix("~~~") {
                let marker = String(unindented.prefix(3))
                if fence == nil { fence = marker } else if fence == marker { fence = nil }
                continue
            }
            if fence != nil { continue }
            if trimmed == LedgerTable.beginMarker { begins.append(index + 1) }
            if trimmed == LedgerTable.endMarker { ends.append(index + 1) }
        }
        var markerProblems: [LedgerProblem] = []
        if begins.count > 1 {
            markerProblems.append(
                LedgerProblem(
                    line: begins[1],
                    message: "a second \(LedgerTable.beginMarker) (the first is at line \(begins[0])); keep one managed table"))
        }
        if ends.count > 1 {
            markerProblems.append(
                LedgerProblem(
                    line: ends[1],
                    message: "a second \(LedgerTable.endMarker) (the first is at line \(ends[0])); keep one managed table"))
        }
        if begins.count == 1, ends.isEmpty {
            markerProblems.append(
                LedgerProblem(line: begins[0], message: "\(LedgerTable.beginMarker) has no \(LedgerTable.endMarker) after it"))
        }
        if ends.count == 1, begins.isEmpty {
            markerProblems.append(
                LedgerProblem(line: ends[0], message: "\(LedgerTable.endMarker) has no \(LedgerTable.beginMarker) before it"))
        }
        if begins.count == 1, ends.count == 1, ends[0] < begins[0] {
            markerProblems.append(
                LedgerProblem(
                    line: ends[0], message: "\(LedgerTable.endMarker) comes before \(LedgerTable.beginMarker) (line \(begins[0]))"))
        }
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

        // Parse the table between the markers: header, separator, rows. Blank lines are ignored.
        var rows: [LedgerRow] = []
        var problems: [LedgerProblem] = []
        var stage = 0  // 0: expect header, 1: expect separator, 2: rows
        var columns = 0
        for number in (begins[0] + 1)..<ends[0] {
            let text = LedgerDocument.text(of: lines[number - 1], in: bytes)
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
                let cells = LedgerRow.splitCells(text) ?? []
                let isSeparator = cells.count == columns && cells.allSatisfy { cell in
                    let core = cell.drop { $0 == ":" }.reversed().drop { $0 == ":" }
                    return !core.isEmpty && core.allSatisfy { $0 == "-" }
                }
                if !isSeparator {
                    problems.append(
                        LedgerProblem(line: number, message: "expected the separator \(LedgerTable.separator) after the header"))
                }
            }
        }
        if stage == 0 {
            problems.append(
                LedgerProblem(line: begins[0], message: "the managed table has no header: \(LedgerTable.header)"))
        }
        self.rows = rows
        self.problems = problems
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
