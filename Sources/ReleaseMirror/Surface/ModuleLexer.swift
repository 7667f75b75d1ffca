/// Splits JavaScript or TypeScript source bytes into `ModuleToken`s, skipping what can hide the
/// word `export` without being code: line and block comments, string literals, template literals
/// (their `${…}` parts are skipped too), regular-expression literals and a leading `#!` line.
///
/// Pure and total: any bytes give a token list (an unterminated comment or string just ends at
/// the end of the file; a string also ends at an unescaped line break, so a stray quote in JSX
/// text loses at most one line).
struct ModuleLexer {
    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var tokens: [ModuleToken] = []
    /// For each open `${` of a template literal: the braces opened inside it and not yet closed.
    private var templates: [Int] = []
    /// The last token read, emitted or not: decides whether `/` starts a regular expression.
    private var previous: ModuleToken?

    /// Words after which `/` starts a regular expression rather than a division.
    private static let regexAfterWords: Set<String> = [
        "return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else",
        "yield", "await", "export", "default", "extends",
    ]

    /// The tokens of `bytes`.
    static func tokens(_ bytes: [UInt8]) -> [ModuleToken] {
        var lexer = ModuleLexer(bytes: bytes)
        lexer.run()
        return lexer.tokens
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private mutating func run() {
        if bytes.starts(with: [0x23, 0x21]) { skipLine() }  // #!
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x0A:
                line += 1
                index += 1
            case 0x20, 0x09, 0x0D, 0x0B, 0x0C:
                index += 1
            case 0x2F:  // /
                lexSlash()
            case 0x27, 0x22:  // ' "
                lexString(quote: byte)
            case 0x60:  // `
                index += 1
                lexTemplateBody(startLine: line)
            case 0x7B:  // {
                if !templates.isEmpty { templates[templates.count - 1] += 1 }
                punctuation(byte)
            case 0x7D:  // }
                if let open = templates.last {
                    if open == 0 {
                        templates.removeLast()
                        index += 1
                        lexTemplateBody(startLine: line)
                        continue
                    }
                    templates[templates.count - 1] -= 1
                }
                punctuation(byte)
            default:
                if ModuleLexer.isWordStart(byte) {
                    lexWord()
                } else if ModuleLexer.isDigit(byte) || (byte == 0x2E && index + 1 < bytes.count && ModuleLexer.isDigit(bytes[index + 1])) {
                    lexNumber()
                } else {
                    punctuation(byte)
                }
            }
        }
    }

    private mutating func emit(_ token: ModuleToken) {
        previous = token
        if templates.isEmpty { tokens.append(token) }
    }

    private mutating func punctuation(_ byte: UInt8) {
        emit(ModuleToken(kind: .punctuation, text: String(UnicodeScalar(byte)), line: line))
        index += 1
    }

    private mutating func skipLine() {
        while index < bytes.count, bytes[index] != 0x0A { index += 1 }
    }

    private mutating func lexSlash() {
        let next = index + 1 < bytes.count ? bytes[index + 1] : 0
        if next == 0x2F {
            skipLine()
        } else if next == 0x2A {
            index += 2
            while index < bytes.count {
                if bytes[index] == 0x2A, index + 1 < bytes.count, bytes[index + 1] == 0x2F {
                    index += 2
                    return
                }
                if bytes[index] == 0x0A { line += 1 }
                index += 1
            }
        } else if regexAllowed {
            lexRegex()
        } else {
            punctuation(0x2F)
        }
    }

    /// Whether a `/` here starts a regular expression (after an operator, an opening bracket, a
    /// keyword like `return`, or at the start) rather than a division.
    private var regexAllowed: Bool {
        guard let previous else { return true }
        switch previous.kind {
        case .string, .value: return false
        case .word: return ModuleLexer.regexAfterWords.contains(previous.text)
        case .punctuation: return ![")", "]", "}"].contains(previous.text)
        }
    }

    private mutating func lexRegex() {
        let start = line
        index += 1
        var inClass = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A { break }  // not a regular expression after all; resume on the next line
            index += 1
            if byte == 0x5C {
                index += 1
            } else if byte == 0x5B {
                inClass = true
            } else if byte == 0x5D {
                inClass = false
            } else if byte == 0x2F, !inClass {
                while index < bytes.count, ModuleLexer.isWordPart(bytes[index]) { index += 1 }
                break
            }
        }
        emit(ModuleToken(kind: .value, text: "", line: start))
    }

    private mutating func lexString(quote: UInt8) {
        let start = line
        index += 1
        let from = index
        var to = bytes.count
        while index < bytes.count {
            let byte = bytes[index]
            if byte == quote {
                to = index
                index += 1
                break
            }
            if byte == 0x0A {
                to = index
                break
            }
            if byte == 0x5C {
                if index + 1 < bytes.count, bytes[index + 1] == 0x0A { line += 1 }
                index += 1
            }
            index += 1
        }
        let text = String(decoding: bytes[from..<min(to, bytes.count)], as: UTF8.self)
        emit(ModuleToken(kind: .string, text: text, line: start))
    }

    /// Reads template text up to its closing backtick, or up to a `${` (then code follows until
    /// the matching `}`).
    private mutating func lexTemplateBody(startLine: Int) {
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x5C {
                if index + 1 < bytes.count, bytes[index + 1] == 0x0A { line += 1 }
                index += 2
                continue
            }
            if byte == 0x0A { line += 1 }
            if byte == 0x60 {
                index += 1
                emit(ModuleToken(kind: .value, text: "", line: startLine))
                return
            }
            if byte == 0x24, index + 1 < bytes.count, bytes[index + 1] == 0x7B {
                index += 2
                templates.append(0)
                previous = ModuleToken(kind: .punctuation, text: "{", line: line)
                return
            }
            index += 1
        }
    }

    private mutating func lexWord() {
        let from = index
        while index < bytes.count, ModuleLexer.isWordPart(bytes[index]) { index += 1 }
        emit(ModuleToken(kind: .word, text: String(decoding: bytes[from..<index], as: UTF8.self), line: line))
    }

    private mutating func lexNumber() {
        while index < bytes.count, ModuleLexer.isWordPart(bytes[index]) || bytes[index] == 0x2E { index += 1 }
        emit(ModuleToken(kind: .value, text: "", line: line))
    }

    static func isWordStart(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x5F || byte == 0x24 || byte >= 0x80
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    static func isWordPart(_ byte: UInt8) -> Bool { isWordStart(byte) || isDigit(byte) }
}
