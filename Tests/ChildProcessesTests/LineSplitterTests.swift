import ChildProcesses
import Testing

@Suite struct LineSplitterTests {
    /// Feeds `chunks` and returns the lines, the last one from `finish`.
    private func split(_ chunks: [String], maxLineLength: Int? = nil) -> [String] {
        var splitter = LineSplitter(maxLineLength: maxLineLength)
        var lines: [String] = []
        for chunk in chunks { splitter.append(Array(chunk.utf8)) { lines.append($0) } }
        splitter.finish { lines.append($0) }
        return lines
    }

    @Test func linesSplitAcrossChunkBoundaries() {
        #expect(split(["al", "pha\nbe", "ta\n", "\ngam", "ma\n"]) == ["alpha", "beta", "", "gamma"])
        #expect(split(["one\r", "\ntwo\r\n"]) == ["one", "two"])
    }

    @Test func finalLineWithoutNewlineIsDelivered() {
        #expect(split(["first\nla", "st"]) == ["first", "last"])
        #expect(split(["only"]) == ["only"])
        #expect(split(["done\n"]) == ["done"])
        #expect(split([]) == [])
    }

    @Test func multibyteCharacterSplitAcrossChunks() {
        var splitter = LineSplitter()
        var lines: [String] = []
        let bytes = Array("café ✍️\n".utf8)
        for byte in bytes { splitter.append([byte]) { lines.append($0) } }
        splitter.finish { lines.append($0) }
        #expect(lines == ["café ✍️"])
    }

    @Test func overlongLinesAreCutIntoPieces() {
        #expect(split(["abcdefg\nhi\n"], maxLineLength: 3) == ["abc", "def", "g", "hi"])
        #expect(split(["ab", "cd", "e"], maxLineLength: 2) == ["ab", "cd", "e"])
        // A line of exactly the limit is cut at the limit; its newline then ends an empty piece.
        #expect(split(["abc\n"], maxLineLength: 3) == ["abc", ""])
        #expect(split([String(repeating: "x", count: 10)]).first?.count == 10)
    }
}
