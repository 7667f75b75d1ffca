/// Guards the TOML parser against input that crashes it, before it parses anything. toml++ 3
/// (inside TOMLKit):
/// - asserts, and so aborts the whole process (release builds included), on a table header whose
///   first key does not start with a key character or a quote: `[` at the end of a line, `[é]`,
///   `[ =` (found by the parser fuzzer, Tests/ReliabilityTests/ParserFuzzTests);
/// - exhausts the stack (SIGSEGV) on a dotted key or table header of some thousands of parts: a
///   debug build at 60 KB, a release build at 800 KB, both under the 1 MiB cap.
/// - asserts in a debug build, and in a release build goes on under a false assumption, on a value
///   that starts with a character ending a value where an array element is due: `x = [}`,
///   `x = [1, }`, or U+2028 (found by the parser fuzzer);
/// This scan finds such headers and arrays, bounds every key (at most `maxKeyParts` dotted parts and
/// `maxKeyLength` characters), so each is an ordinary configuration error (exit 2) naming the line.
/// The bounds are far above anything the schema takes: its keys are `section.key`.
enum TOMLPrecheck {
    /// The most dotted parts a key or table header may have.
    static let maxKeyParts = 16
    /// The longest key or table header, in characters (Unicode scalars).
    static let maxKeyLength = 1024

    /// What the scan found: the 1-based line and one sentence.
    struct Problem: Equatable {
        let line: Int
        let message: String
    }

    private enum Mode { case normal, basic, literal, multilineBasic, multilineLiteral }

    /// The first problem that would crash the parser (or that no valid config has), if any.
    static func problem(in text: String) -> Problem? {
        var scanner = Scanner(chars: Array(text.unicodeScalars))
        return scanner.run()
    }

    static let headerMessage = "TOML syntax: a table header must start with a key (a name or a quoted string) right after '['"

    /// A run of key parts joined by dots (`a."b".c`), in a header, before `=`, or anywhere else:
    /// outside strings, no valid TOML value has more than two such parts (`1.5`, a time's fraction).
    private struct KeyChain {
        var start = 0
        var line = 0
        var parts = 0
        /// Whether it began where a key begins (not after `=`): only keys are bounded in length;
        /// a long string value is fine.
        var isKey = false
        enum State { case none, inPart, afterPart, afterDot }
        var state = State.none
    }

    private struct Scanner {
        let chars: [Unicode.Scalar]
        var mode = Mode.normal
        var line = 1
        var atLineStart = true
        var inValue = false  // after `=` on this line, or inside a multi-line array
        var arrayDepth = 0
        /// The open arrays (`[`) and inline tables (`{`) of the value being read, innermost last.
        var containers: [Unicode.Scalar] = []
        /// After an array's `[` or a `,` in an array: an element or `]` is due next.
        var elementDue = false
        var chain = KeyChain()
        var i = 0

        func starts(_ s: String, at index: Int) -> Bool {
            var j = index
            for scalar in s.unicodeScalars {
                guard j < chars.count, chars[j] == scalar else { return false }
                j += 1
            }
            return true
        }

        mutating func run() -> Problem? {
            while i < chars.count {
                let c = chars[i]
                if c == "\n" {
                    if let problem = endChain() { return problem }
                    line += 1
                    atLineStart = true
                    if mode == .basic || mode == .literal { mode = .normal }  // unterminated: toml++ reports it
                    if arrayDepth == 0 { inValue = false }
                    i += 1
                    continue
                }
                switch mode {
                case .basic:
                    if c == "\\" { i += 1 } else if c == "\"" { closeString() }
                case .literal:
                    if c == "'" { closeString() }
                case .multilineBasic:
                    if c == "\\" { i += 1 } else if starts("\"\"\"", at: i) { closeString(); i += 2 }
                case .multilineLiteral:
                    if starts("'''", at: i) { closeString(); i += 2 }
                case .normal:
                    if let problem = normal(c) { return problem }
                }
                i += 1
            }
            return endChain()
        }

        mutating func closeString() {
            mode = .normal
            if chain.state == .inPart { chain.state = .afterPart }
        }

        /// One character outside strings.
        mutating func normal(_ c: Unicode.Scalar) -> Problem? {
            if c == " " || c == "\t" || c == "\r" {
                if chain.state == .inPart { chain.state = .afterPart }
                return nil
            }
            if TOMLPrecheck.isUnicodeLineBreak(c) {
                return Problem(
                    line: line,
                    message: "TOML syntax: a Unicode line break (U+\(String(c.value, radix: 16, uppercase: true))) outside a "
                        + "string; TOML allows only spaces, tabs and \\n between values")
            }
            if let problem = arrayElement(c) { return problem }
            let lineStart = atLineStart
            atLineStart = false
            if c == "." && (chain.state == .inPart || chain.state == .afterPart) {
                chain.state = .afterDot
                return nil
            }
            let quote = c == "\"" || c == "'"
            if TOMLPrecheck.isBareKeyChar(c) || quote {
                if chain.state == .inPart && !quote { return nil }  // the same bare part goes on
                if chain.state == .afterDot {
                    chain.parts += 1
                } else {
                    if let problem = endChain() { return problem }
                    chain = KeyChain(start: i, line: line, parts: 1, isKey: !inValue, state: .inPart)
                }
                chain.state = .inPart
                if quote { openString(c) }
                return nil
            }
            if let problem = endChain() { return problem }
            if c == "#" {
                while i + 1 < chars.count && chars[i + 1] != "\n" { i += 1 }
            } else if c == "=" {
                inValue = true
            } else if c == "[" && lineStart && !inValue && arrayDepth == 0 {
                var j = i + 1
                if j < chars.count && chars[j] == "[" { j += 1 }
                while j < chars.count && (chars[j] == " " || chars[j] == "\t") { j += 1 }
                guard j < chars.count, TOMLPrecheck.isKeyStart(chars[j]) else { return Problem(line: line, message: headerMessage) }
                i = j - 1
            } else if c == "[" && inValue {
                arrayDepth += 1
                containers.append(c)
                elementDue = true
            } else if c == "]" && arrayDepth > 0 {
                arrayDepth -= 1
                if containers.last == "[" { containers.removeLast() }
            } else if c == "{" && inValue {
                containers.append(c)
            } else if c == "}" && containers.last == "{" {
                containers.removeLast()
            } else if c == "," && containers.last == "[" {
                elementDue = true
            }
            return nil
        }

        /// Where an array element is due, a `}` would reach toml++'s value parser, which assumes
        /// it cannot see one. Blank characters and comments keep the element due.
        mutating func arrayElement(_ c: Unicode.Scalar) -> Problem? {
            guard elementDue, c != "#" else { return nil }
            elementDue = false
            guard c == "}" else { return nil }
            return Problem(line: line, message: "TOML syntax: expected a value or ']' in the array, saw '}'")
        }

        mutating func openString(_ quote: Unicode.Scalar) {
            if quote == "\"" {
                if starts("\"\"\"", at: i) { mode = .multilineBasic; i += 2 } else { mode = .basic }
            } else {
                if starts("'''", at: i) { mode = .multilineLiteral; i += 2 } else { mode = .literal }
            }
        }

        /// Ends the current chain, checking its length when it is a key.
        mutating func endChain() -> Problem? {
            defer { chain = KeyChain() }
            guard chain.state != .none else { return nil }
            if chain.parts > TOMLPrecheck.maxKeyParts {
                return Problem(
                    line: chain.line,
                    message: "TOML key or table header with \(chain.parts) dotted parts (\(excerpt())); at most "
                        + "\(TOMLPrecheck.maxKeyParts) are allowed (release-mirror.toml's keys are section.key)")
            }
            var end = min(i, chars.count)  // an escape or a closing """ at the very end steps past it
            while end > chain.start && (chars[end - 1] == " " || chars[end - 1] == "\t" || chars[end - 1] == "\r") { end -= 1 }
            let length = end - chain.start
            if (chain.isKey || chain.parts > 1) && length > TOMLPrecheck.maxKeyLength {
                return Problem(
                    line: chain.line,
                    message: "TOML key or table header of \(length) characters (\(excerpt())); "
                        + "at most \(TOMLPrecheck.maxKeyLength) are allowed")
            }
            return nil
        }

        /// The first characters of the chain, for the message.
        func excerpt() -> String {
            let end = min(chars.count, chain.start + 40)
            var text = String(String.UnicodeScalarView(chars[chain.start..<end]))
            text = String(text.map { $0.isNewline ? " " : $0 })
            return end < chars.count ? text + "…" : text
        }
    }

    static func isBareKeyChar(_ c: Unicode.Scalar) -> Bool {
        (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "_" || c == "-"
    }

    static func isKeyStart(_ c: Unicode.Scalar) -> Bool { isBareKeyChar(c) || c == "\"" || c == "'" }

    /// NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR: whitespace to toml++, never valid outside a
    /// string or a comment.
    static func isUnicodeLineBreak(_ c: Unicode.Scalar) -> Bool { c == "\u{85}" || c == "\u{2028}" || c == "\u{2029}" }
}
