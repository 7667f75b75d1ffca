import Foundation
import Git
import ReleaseMirror
import Testing
import TestSupport

@Suite struct LedgerTests {
    static let sample = """
        # Releases

        Notes by hand. ✍️

        ## Version mapping
        <!-- release-mirror:mapping:begin -->
        | Upstream tag | Commit | SDK version | Publish tag | Smoke |
        |---|---|---|---|---|
        | `@moonshot-ai/kimi-code@0.14.3` | `a1b2c3d4e5f6` | 0.9.3 | — | passed |
        | `@moonshot-ai/kimi-code@0.14.2` | `0f9e8d7c6b5a` | 0.9.3 | `publish-sdk/v0.9.3` | passed |
        <!-- release-mirror:mapping:end -->

        ## 0.9.3
        More notes.

        """

    @Test func parsesAndRendersTheSpecTableExactly() throws {
        let document = LedgerDocument(bytes: Array(Self.sample.utf8))
        #expect(document.problems.isEmpty)
        #expect(document.markerProblems.isEmpty)
        #expect(document.beginLine == 6)
        #expect(document.endLine == 11)
        #expect(document.rows.count == 2)
        let first = document.rows[0]
        #expect(first.tag == "@moonshot-ai/kimi-code@0.14.3")
        #expect(first.commit == "a1b2c3d4e5f6")
        #expect(first.sdkVersion == SemanticVersion("0.9.3"))
        #expect(first.publishTags.isEmpty)
        #expect(first.smoke == .passed)
        #expect(first.line == 9)
        #expect(document.rows[1].publishTags == ["publish-sdk/v0.9.3"])
        #expect(document.rows[1].line == 10)
        #expect(document.row(for: "@moonshot-ai/kimi-code@0.14.2")?.line == 10)
        // Rendering the parsed rows gives the file back, byte for byte.
        #expect(try document.replacingTable(with: document.rows) == Array(Self.sample.utf8))
        #expect(first.rendered() == "| `@moonshot-ai/kimi-code@0.14.3` | `a1b2c3d4e5f6` | 0.9.3 | — | passed |")
        let empty = LedgerRow(tag: "t", commit: "ABCDEF012345", sdkVersion: nil)
        #expect(empty.rendered() == "| `t` | `abcdef012345` | — | — | — |")
    }

    @Test func acceptsWhatHumansWriteAndEscapesPipes() throws {
        let full = String(repeating: "ab", count: 20)
        let row = try LedgerRow.parse(
            "|  @x@1.0.0 |\(full)|`1.0.0-rc.1` | `p/v1.0.0`, `p/v1.0.0-b.1` |timed-out|", line: 3).get()
        #expect(row.tag == "@x@1.0.0")
        #expect(row.commit == full)
        #expect(row.sdkVersion == SemanticVersion("1.0.0-rc.1"))
        #expect(row.publishTags == ["p/v1.0.0", "p/v1.0.0-b.1"])
        #expect(row.smoke == .timedOut)
        #expect(try LedgerRow.parse("| `a` | `0123456789ab` | - | n/a | error |", line: 1).get().smoke == .error)
        let piped = LedgerRow(tag: "a|b", commit: "0123456789ab", sdkVersion: nil)
        #expect(piped.rendered().contains("`a\\|b`"))
        #expect(try LedgerRow.parse(piped.rendered(), line: 1).get() == LedgerRow(tag: "a|b", commit: "0123456789ab", sdkVersion: nil, line: 1))
        let id = try #require(ObjectID(hex: "0123456789ab" + String(repeating: "0", count: 28)))
        #expect(row.names(id) == false)
        #expect(piped.names(id))
    }

    @Test func badRowsAreReportedWithTheirLineNumbers() throws {
        let text = """
            intro
            <!-- release-mirror:mapping:begin -->
            | Upstream tag | Commit | SDK version | Publish tag | Smoke |
            |---|---|---|---|---|
            | `a@1.0.0` | `0123456789ab` | 1.0.0 | — | passed |
            | `a@1.0.1` | `0123456789` | 1.0.1 | — | passed |
            | `a@1.0.2` | `0123456789ab` | one | — | passed |
            | `a@1.0.3` | `0123456789ab` | 1.0.3 | — |
            not a row at all
            | `a@1.0.4` | `0123456789ab` | 1.0.4 | — | green |
            | `a 1.0.5` | `0123456789ab` | 1.0.5 | `x y` | passed |

            | `a@1.0.6` | `0123456789abcdef` | 1.0.6 | — | — |
            <!-- release-mirror:mapping:end -->
            """
        let document = LedgerDocument(bytes: Array(text.utf8))
        #expect(document.rows.map(\.tag) == ["a@1.0.0", "a@1.0.6"])
        #expect(document.rows.map(\.line) == [5, 13])
        #expect(document.problems.map(\.line) == [6, 7, 8, 9, 10, 11])
        let messages = document.problems.map(\.message)
        #expect(messages[0].contains("Commit \"`0123456789`\" is not 12 to 40 hex digits"))
        #expect(messages[1].contains("SDK version \"one\""))
        #expect(messages[2].contains("4 cell(s); a row has 5: | Upstream tag"), "the header has 5 cells")
        #expect(messages[3].contains("not a table row"))
        #expect(messages[4].contains("Smoke \"green\""))
        #expect(messages[5].contains("Upstream tag") && messages[5].contains("Publish tag"))
        #expect(document.problems[0].description.hasPrefix("line 6: "))
    }

    @Test func headerAndSeparatorAreRequired() throws {
        let noHeader = LedgerDocument(bytes: Array("""
            <!-- release-mirror:mapping:begin -->
            | `a@1.0.0` | `0123456789ab` | 1.0.0 | — | passed |
            <!-- release-mirror:mapping:end -->
            """.utf8))
        #expect(noHeader.problems.map(\.line) == [2])
        #expect(noHeader.problems[0].message.contains("header"))
        #expect(noHeader.rows.count == 1)
        let badSeparator = LedgerDocument(bytes: Array("""
            <!-- release-mirror:mapping:begin -->
            | Upstream tag | Commit | SDK version | Publish tag | Smoke |
            | a | b | c | d | e |
            <!-- release-mirror:mapping:end -->
            """.utf8))
        #expect(badSeparator.problems.map(\.line) == [3])
        let empty = LedgerDocument(bytes: Array("<!-- release-mirror:mapping:begin -->\n<!-- release-mirror:mapping:end -->\n".utf8))
        #expect(empty.problems.map(\.line) == [1])
        #expect(try empty.replacingTable(with: []) == Array((
            "<!-- release-mirror:mapping:begin -->\n" + LedgerTable.header + "\n" + LedgerTable.separator
            + "\n<!-- release-mirror:mapping:end -->\n").utf8))
    }

    @Test func markersMustBeOneOrderedPairOutsideCodeFences() throws {
        let begin = LedgerTable.beginMarker
        let end = LedgerTable.endMarker
        let twice = LedgerDocument(bytes: Array("\(begin)\n\(end)\n\(begin)\n\(end)\n".utf8))
        #expect(twice.markerProblems.map(\.line) == [3, 4])
        #expect(throws: LedgerProblem.self) { try twice.replacingTable(with: []) }
        #expect(LedgerDocument(bytes: Array("\(end)\n\(begin)\n".utf8)).markerProblems.map(\.line) == [1])
        #expect(LedgerDocument(bytes: Array("x\n\(begin)\n".utf8)).markerProblems.map(\.line) == [2])
        #expect(LedgerDocument(bytes: Array("\(end)\n".utf8)).markerProblems.map(\.line) == [1])
        // A README showing the format inside a fence is not the table.
        let fenced = "Format:\n```markdown\n\(begin)\n\(end)\n```\n\n  \(begin)\n\(LedgerTable.header)\n\(LedgerTable.separator)\n\(end)\n"
        let document = LedgerDocument(bytes: Array(fenced.utf8))
        #expect(document.markerProblems.isEmpty)
        #expect(document.beginLine == 7)
        #expect(document.endLine == 10)
    }

    @Test func replacingTheTableKeepsEveryOtherByte() throws {
        // CRLF line endings, invalid UTF-8 and no final newline outside the table.
        var bytes = Array("Notes\r\n".utf8) + [0xFF, 0xFE, 0x0D, 0x0A]
        bytes += Array("\(LedgerTable.beginMarker)\r\n| junk |\r\n\(LedgerTable.endMarker)\r\ntrailer without newline".utf8)
        let document = LedgerDocument(bytes: bytes)
        #expect(document.lineEnding == "\r\n")
        let row = LedgerRow(
            tag: "a@1.0.0", commit: "0123456789ab", sdkVersion: SemanticVersion("1.0.0"), smoke: .passed,
            interface: .breaking(removed: 2, added: 1))
        let replaced = try document.replacingTable(with: [row])
        let expected = Array("Notes\r\n".utf8) + [0xFF, 0xFE, 0x0D, 0x0A]
            + Array("\(LedgerTable.beginMarker)\r\n\(LedgerTable.header)\r\n\(LedgerTable.separator)\r\n\(row.rendered())\r\n\(LedgerTable.endMarker)\r\ntrailer without newline".utf8)
        #expect(replaced == expected)
        // Idempotent.
        #expect(try LedgerDocument(bytes: replaced).replacingTable(with: [row]) == replaced)
        // One line replaced, its line break kept.
        let again = LedgerDocument(bytes: replaced)
        let line = try #require(again.rows.first?.line)
        var changed = row
        changed.publishTags = ["p/v1.0.0"]
        let edited = again.replacingLine(line, with: changed.rendered())
        #expect(LedgerDocument(bytes: edited).rows == [LedgerRow(tag: "a@1.0.0", commit: "0123456789ab", sdkVersion: SemanticVersion("1.0.0"), publishTags: ["p/v1.0.0"], smoke: .passed, interface: .breaking(removed: 2, added: 1), line: line)])
        #expect(edited.count == replaced.count + "`p/v1.0.0`".utf8.count - "—".utf8.count)
    }

    @Test func aLedgerWithoutMarkersGetsTheSectionAppended() throws {
        for text in ["# Releases\n\nHand notes.\n", "# Releases\n\nno newline", ""] {
            let document = LedgerDocument(bytes: Array(text.utf8))
            #expect(document.hasNoMarkers)
            let updated = try document.replacingTable(with: [])
            let string = String(decoding: updated, as: UTF8.self)
            #expect(string.hasPrefix(text))
            #expect(string.hasSuffix("## Version mapping\n\(LedgerTable.beginMarker)\n\(LedgerTable.header)\n\(LedgerTable.separator)\n\(LedgerTable.endMarker)\n"))
            let reparsed = LedgerDocument(bytes: updated)
            #expect(reparsed.problems.isEmpty && reparsed.markerProblems.isEmpty)
            #expect(try reparsed.replacingTable(with: []) == updated)
        }
    }

    @Test func codeIsFoundByCommonMarkRulesAndAnUnclosedFenceIsNamed() throws {
        let begin = LedgerTable.beginMarker
        let end = LedgerTable.endMarker
        let table = "\(begin)\n\(LedgerTable.header)\n\(LedgerTable.separator)\n\(end)\n"
        func document(_ text: String) -> LedgerDocument { LedgerDocument(bytes: Array(text.utf8)) }
        // A fence closes only with the same character, at least as long: ```` is not closed by ```.
        let long = document("````\n```\n\(begin)\n````\n" + table)
        #expect(long.markerProblems.isEmpty && long.beginLine == 5, "\(long.markerProblems)")
        let mixed = document("~~~\n```\n~~~\n" + table)
        #expect(mixed.markerProblems.isEmpty && mixed.beginLine == 4)
        // An unclosed fence after the table is harmless; one before it, or with no table, is named.
        #expect(document(table + "\n```sh\nmake\n").markerProblems.isEmpty)
        let before = document("# R\n\n~~~~\n" + table)
        #expect(before.markerProblems.map(\.line) == [3] && before.markerProblems[0].message.contains("never closed"))
        #expect(throws: LedgerProblem.self) { try before.replacingTable(with: []) }
        #expect(document("```\nno table\n").markerProblems.map(\.line) == [1])
        #expect(!document("```\nno table\n").hasNoMarkers, "not appended to: the section would be code")
        // Indented code (after a blank line, a heading or at the start), a tab counting as four
        // columns, is code; a paragraph's indented continuation line is not, but four columns
        // never make a marker.
        #expect(document("Example:\n\n    \(begin)\n    \(end)\n").hasNoMarkers)
        #expect(document("## Example\n\t\(begin)\n\t\(end)\n").hasNoMarkers)
        #expect(document("text\n    \(begin)\n    \(end)\n").hasNoMarkers)
        let three = document("   \(begin)\n\(LedgerTable.header)\n\(LedgerTable.separator)\n   \(end)\n")
        #expect(three.beginLine == 1 && three.endLine == 4, "up to three spaces of indentation is still a marker")
        // A byte order mark is not part of the first line.
        let bom = LedgerDocument(bytes: [0xEF, 0xBB, 0xBF] + Array(table.utf8))
        #expect(bom.beginLine == 1 && bom.markerProblems.isEmpty)
        #expect(try bom.replacingTable(with: []).starts(with: [0xEF, 0xBB, 0xBF, 0x3C]))
        // Repeated markers: every line named.
        let thrice = document(begin + "\n" + begin + "\n" + table)
        #expect(thrice.markerProblems.map(\.line) == [2] && thrice.markerProblems[0].message.contains("(lines 1, 2, 3)"))
    }
}
