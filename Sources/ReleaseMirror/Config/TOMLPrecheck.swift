/// Guards the TOML parser against input that crashes it. toml++ 3 (inside TOMLKit) asserts, and so
/// aborts the whole process (release builds included), on a table header whose first key does not
/// start with a key character or a quote: `[` at the end of a line, `[é]`, `[ =`. Found by the
/// parser fuzzer (Tests/ReliabilityTests/ParserFuzzTests). This scan finds such headers first, so
/// they are an ordinary configuration error (exit 2) naming the line.
enum TOMLPrecheck {
    private enum Mode { case normal, basic, literal, multilineBasic, multilineLiteral }

    /// The 1-based line of the first table header toml++ would crash on, if any.
    static func crashingTableHeader(in text: String) -> Int? {
        let chars = Array(text.unicodeScalars)
        var mode = Mode.normal
        var line = 1
        var atLineStart = true
        var inValue = false  // after `=` on this line, or inside a multi-line array
        var arrayDepth = 0
        var i = 0
        func starts(_ s: String, at index: Int) -> Bool {
            let pattern = Array(s.unicodeScalars)
            guard index + pattern.count <= chars.count else { return false }
            return Array(chars[index..<(index + pattern.count)]) == pattern
        }
        while i < chars.count {
            let c = chars[i]
            if c == "\n" {
                line += 1
                atLineStart = true
                if mode == .basic || mode == .literal { mode = .normal }  // unterminated: toml++ reports it
                if arrayDepth == 0 { inValue = false }
                i += 1
                continue
            }
            switch mode {
            case .basic:
                if c == "\\" { i += 1 } else if c == "\"" { mode = .normal }
            case .literal:
                if c == "'" { mode = .normal }
            case .multilineBasic:
                if c == "\\" { i += 1 } else if starts("\"\"\"", at: i) { mode = .normal; i += 2 }
            case .multilineLiteral:
                if starts("'''", at: i) { mode = .normal; i += 2 }
            case .normal:
                if c == " " || c == "\t" || c == "\r" { i += 1; continue }
                let lineStart = atLineStart
                atLineStart = false
                if c == "#" {
                    while i + 1 < chars.count && chars[i + 1] != "\n" { i += 1 }
                } else if starts("\"\"\"", at: i) {
                    mode = .multilineBasic
                    i += 2
                } else if starts("'''", at: i) {
                    mode = .multilineLiteral
                    i += 2
                } else if c == "\"" {
                    mode = .basic
                } else if c == "'" {
                    mode = .literal
                } else if c == "=" {
                    inValue = true
                } else if c == "[" && lineStart && !inValue && arrayDepth == 0 {
                    var j = i + 1
                    if j < chars.count && chars[j] == "[" { j += 1 }
                    while j < chars.count && (chars[j] == " " || chars[j] == "\t") { j += 1 }
                    guard j < chars.count, isKeyStart(chars[j]) else { return line }
                    i = j - 1
                } else if c == "[" && inValue {
                    arrayDepth += 1
                } else if c == "]" && arrayDepth > 0 {
                    arrayDepth -= 1
                }
            }
            i += 1
        }
        return nil
    }

    private static func isKeyStart(_ c: Unicode.Scalar) -> Bool {
        (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "_" || c == "-" || c == "\"" || c == "'"
    }
}
