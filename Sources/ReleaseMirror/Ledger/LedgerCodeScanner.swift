/// Which lines of a Markdown file are code, by CommonMark's block rules: fenced code blocks
/// (`` ``` `` or `~~~`, closed by a fence of the same character at least as long) and indented
/// code blocks (four columns of indentation after a blank line, a heading or another code line).
/// The one answer `ledger update`, `audit` and `publish-tag` share (through `LedgerDocument`), so
/// a marker or a row shown as an example in the ledger's prose is never taken for the table.
struct LedgerCodeScanner {
    /// Per line (0-based): whether it is code. Blank lines are never code.
    private(set) var isCode: [Bool] = []
    /// The 1-based line of a fence that is never closed (everything after it is code).
    private(set) var unclosedFence: Int?

    /// Scans `lines` (the text of each line, without its line break).
    init(_ lines: [String]) {
        var fence: (character: Character, length: Int, line: Int)?
        var previousAllowsIndentedCode = true  // start of file
        for (index, line) in lines.enumerated() {
            let (indent, rest) = LedgerCodeScanner.indentation(of: line)
            let blank = rest.allSatisfy { $0 == " " || $0 == "\t" }
            if let open = fence {
                isCode.append(!blank)
                if indent <= 3, let close = LedgerCodeScanner.fenceRun(rest), close.character == open.character,
                    close.length >= open.length, close.info.allSatisfy({ $0 == " " || $0 == "\t" })
                {
                    fence = nil
                    previousAllowsIndentedCode = true
                }
                continue
            }
            if blank {
                isCode.append(false)
                previousAllowsIndentedCode = true
                continue
            }
            if indent >= 4 && previousAllowsIndentedCode {
                isCode.append(true)  // an indented code block (it may continue on the next line)
                continue
            }
            if indent <= 3, let run = LedgerCodeScanner.fenceRun(rest), run.character == "~" || !run.info.contains("`") {
                fence = (run.character, run.length, index + 1)
                isCode.append(true)
                continue
            }
            isCode.append(false)
            // A paragraph line cannot be followed by indented code; a heading can.
            previousAllowsIndentedCode = indent <= 3 && rest.hasPrefix("#")
        }
        unclosedFence = fence?.line
    }

    /// Columns of leading indentation (a tab reaches the next multiple of four) and the rest.
    static func indentation(of line: String) -> (columns: Int, rest: Substring) {
        var columns = 0
        var index = line.startIndex
        while index < line.endIndex {
            if line[index] == " " {
                columns += 1
            } else if line[index] == "\t" {
                columns += 4 - columns % 4
            } else {
                break
            }
            index = line.index(after: index)
        }
        return (columns, line[index...])
    }

    /// A run of three or more backticks or tildes opening `text`, and what follows it.
    private static func fenceRun(_ text: Substring) -> (character: Character, length: Int, info: Substring)? {
        guard let first = text.first, first == "`" || first == "~" else { return nil }
        let run = text.prefix { $0 == first }
        guard run.count >= 3 else { return nil }
        return (first, run.count, text[run.endIndex...])
    }
}
