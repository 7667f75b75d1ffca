import Foundation

/// A Markdown file split into what humans own and one table the tool owns, between a begin and an
/// end marker (the ledger's mapping table, the patch registry). Works on the file's bytes: every
/// byte outside the managed table is kept exactly, whatever its encoding or line endings.
///
/// Markers inside code (fenced or indented code blocks: a README showing the format, see
/// `LedgerCodeScanner`) are not markers.
public struct ManagedSection: Sendable {
    /// One line of the file: its byte range without the line break, and the break's length.
    struct Line: Sendable {
        var start: Int
        var end: Int
        var breakLength: Int
    }

    /// The file's bytes.
    public let bytes: [UInt8]
    let lines: [Line]
    /// Each line's text, without its line break.
    let texts: [String]
    /// The line opening the managed table.
    public let beginMarker: String
    /// The line closing the managed table.
    public let endMarker: String
    /// The 1-based line of the begin marker, when the table was found.
    public let beginLine: Int?
    /// The 1-based line of the end marker, when the table was found.
    public let endLine: Int?
    /// Markers that are missing, repeated or out of order: the table cannot be located safely.
    public let markerProblems: [LedgerProblem]

    /// Whether the file has no markers at all (so the section may be appended).
    public var hasNoMarkers: Bool { beginLine == nil && endLine == nil && markerProblems.isEmpty }

    /// The line ending the file uses (`\r\n` when its first line break is one).
    public var lineEnding: String {
        lines.first { $0.breakLength > 0 }.map { $0.breakLength == 2 ? "\r\n" : "\n" } ?? "\n"
    }

    /// Splits `bytes` into lines and locates the markers. A UTF-8 byte order mark is kept, but is
    /// not part of the first line's text.
    public init(bytes: [UInt8], beginMarker: String, endMarker: String) {
        self.bytes = bytes
        self.beginMarker = beginMarker
        self.endMarker = endMarker
        var lines: [Line] = []
        var start = bytes.starts(with: ManagedSection.byteOrderMark) ? ManagedSection.byteOrderMark.count : 0
        for index in bytes.indices where bytes[index] == 0x0A {
            let end = index > start && bytes[index - 1] == 0x0D ? index - 1 : index
            lines.append(Line(start: start, end: end, breakLength: index + 1 - end))
            start = index + 1
        }
        if start < bytes.count { lines.append(Line(start: start, end: bytes.count, breakLength: 0)) }
        self.lines = lines
        texts = lines.map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) }
        let (begins, ends, problems) = ManagedSection.locateMarkers(texts, begin: beginMarker, end: endMarker)
        markerProblems = problems
        if problems.isEmpty, begins.count == 1, ends.count == 1 {
            beginLine = begins[0]
            endLine = ends[0]
        } else {
            beginLine = nil
            endLine = nil
        }
    }

    /// The UTF-8 byte order mark some editors put at the start of a file.
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The 1-based lines strictly between the markers, with their text (none when not located).
    var tableLines: [(number: Int, text: String)] {
        guard let beginLine, let endLine, endLine > beginLine + 1 else { return [] }
        return ((beginLine + 1)..<endLine).map { ($0, texts[$0 - 1]) }
    }

    /// The 1-based lines of the markers outside code (a marker is a line of its own, indented by
    /// at most three spaces), and what is wrong with them.
    static func locateMarkers(
        _ texts: [String], begin: String, end: String
    ) -> (begins: [Int], ends: [Int], problems: [LedgerProblem]) {
        let code = LedgerCodeScanner(texts)
        var begins: [Int] = []
        var ends: [Int] = []
        var markersInFence: [Int] = []
        for (index, text) in texts.enumerated() {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard trimmed == begin || trimmed == end else { continue }
            if code.isCode[index] {
                if let fence = code.unclosedFence, index + 1 > fence { markersInFence.append(index + 1) }
                continue
            }
            guard LedgerCodeScanner.indentation(of: text).columns <= 3 else { continue }
            if trimmed == begin { begins.append(index + 1) } else { ends.append(index + 1) }
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
        problems += markerOrderProblems(begins: begins, ends: ends, begin: begin, end: end)
        return (begins, ends, problems)
    }

    /// Markers that are repeated, missing their partner or out of order.
    static func markerOrderProblems(begins: [Int], ends: [Int], begin: String, end: String) -> [LedgerProblem] {
        var problems: [LedgerProblem] = []
        for (marker, found) in [(begin, begins), (end, ends)] where found.count > 1 {
            problems.append(
                LedgerProblem(
                    line: found[1],
                    message: "more than one \(marker) (lines \(found.map(String.init).joined(separator: ", "))); "
                        + "keep one managed table"))
        }
        if begins.count == 1, ends.isEmpty {
            problems.append(LedgerProblem(line: begins[0], message: "\(begin) has no \(end) after it"))
        }
        if ends.count == 1, begins.isEmpty {
            problems.append(LedgerProblem(line: ends[0], message: "\(end) has no \(begin) before it"))
        }
        if begins.count == 1, ends.count == 1, ends[0] < begins[0] {
            problems.append(LedgerProblem(line: ends[0], message: "\(end) comes before \(begin) (line \(begins[0]))"))
        }
        return problems
    }

    /// The file with the managed table replaced by `table` (whole lines, each ended by
    /// `lineEnding`). A file without markers gets `sectionTitle`, the markers and the table
    /// appended at its end; every other byte is kept.
    /// - Throws: the marker problems, when the table cannot be located safely.
    public func replacingTable(with table: String, sectionTitle: String) throws(LedgerProblem) -> [UInt8] {
        if let problem = markerProblems.first { throw problem }
        let ending = lineEnding
        let tableBytes = Array(table.utf8)
        guard let beginLine, let endLine else {
            var result = bytes
            if !result.isEmpty && result.last != 0x0A { result += Array(ending.utf8) }
            if !result.isEmpty { result += Array(ending.utf8) }
            result += Array((sectionTitle + ending + beginMarker + ending).utf8)
            result += tableBytes
            result += Array((endMarker + ending).utf8)
            return result
        }
        let begin = lines[beginLine - 1]
        let end = lines[endLine - 1]
        return Array(bytes[..<(begin.end + begin.breakLength)]) + tableBytes + Array(bytes[end.start...])
    }

    /// The file with 1-based line `number` replaced by `text` (its line break kept).
    public func replacingLine(_ number: Int, with text: String) -> [UInt8] {
        let line = lines[number - 1]
        return Array(bytes[..<line.start]) + Array(text.utf8) + Array(bytes[line.end...])
    }

    /// The text of 1-based line `number` (without its line break).
    public func text(ofLine number: Int) -> String? {
        guard number >= 1, number <= texts.count else { return nil }
        return texts[number - 1]
    }
}
