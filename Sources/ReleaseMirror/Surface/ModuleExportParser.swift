/// Finds a module's top-level exports in its tokens (pure). Recognises:
///
/// - `export * from 'm'`, `export type * from 'm'` (a star to follow), `export * as ns from 'm'`
///   and `export type * as ns from 'm'` (the name `ns`);
/// - `export { a, b as c, type D, default as E, x as "str" } [from 'm']` and `export type { … }`;
/// - `export [declare] [default] [abstract] [async] function|class|interface|type|const|let|var|enum|namespace|module NAME`,
///   `export const enum NAME`, `export function* NAME`, `export import NAME = …`, destructuring
///   (`export const { a, b: c } = …`) and several declarators (`export const a = 1, b = 2`);
/// - `export default …` as the name `default` (that is the name importers see).
///
/// `export =` and `export as namespace` (CommonJS/UMD) add nothing. Only statements at brace depth
/// zero count: exports inside `declare module '…' { }` or a namespace body are not the module's.
struct ModuleExportParser {
    private let tokens: [ModuleToken]
    private var result = ModuleExports()

    /// Modifiers that may precede a declaration keyword.
    private static let modifiers: Set<String> = ["declare", "abstract", "async"]
    /// Keywords whose next word is the declared name.
    private static let declarations: Set<String> = ["function", "class", "interface", "type", "enum", "namespace", "module"]
    /// Keywords that introduce variable declarators.
    private static let variables: Set<String> = ["const", "let", "var", "using"]

    /// The exports found in `bytes`.
    static func parse(_ bytes: [UInt8]) -> ModuleExports {
        var parser = ModuleExportParser(tokens: ModuleLexer.tokens(bytes))
        parser.run()
        return parser.result
    }

    private init(tokens: [ModuleToken]) { self.tokens = tokens }

    private func token(_ index: Int) -> ModuleToken? { tokens.indices.contains(index) ? tokens[index] : nil }

    private mutating func run() {
        var depth = 0
        var index = 0
        while index < tokens.count {
            let current = tokens[index]
            if current.isPunctuation("{") {
                depth += 1
            } else if current.isPunctuation("}") {
                depth = max(0, depth - 1)
            } else if depth == 0, current.isWord("export"), !(token(index - 1)?.isPunctuation(".") ?? false) {
                index = parseExport(at: index + 1)
                continue
            }
            index += 1
        }
    }

    /// Parses what follows `export` at `index`; returns the index to continue scanning from.
    private mutating func parseExport(at start: Int) -> Int {
        var index = start
        guard var current = token(index) else { return index }
        while current.isPunctuation("@") {  // `export @decorator class X`
            index = skipDecorator(at: index)
            guard let next = token(index) else { return index }
            current = next
        }
        if current.isPunctuation("*") { return parseStar(at: index + 1, line: current.line) }
        if current.isPunctuation("{") { return parseList(at: index + 1) }
        guard current.kind == .word else { return index }
        if current.text == "type", let next = token(index + 1) {
            if next.isPunctuation("*") { return parseStar(at: index + 2, line: current.line) }
            if next.isPunctuation("{") { return parseList(at: index + 2) }
        }
        if current.text == "default" {
            result.names.append("default")
            return index + 1
        }
        if current.text == "import", let name = token(index + 1), name.kind == .word {
            result.names.append(name.text)  // export import A = B.C
            return index + 2
        }
        return parseDeclaration(at: index)
    }

    /// `[declare] [abstract] [async] keyword NAME` or a variable declaration.
    private mutating func parseDeclaration(at start: Int) -> Int {
        var index = start
        while let current = token(index), current.kind == .word, ModuleExportParser.modifiers.contains(current.text),
            token(index + 1)?.kind == .word
        {
            index += 1
        }
        guard let keyword = token(index), keyword.kind == .word else { return index }
        if keyword.text == "default" {
            result.names.append("default")
            return index + 1
        }
        if ModuleExportParser.variables.contains(keyword.text) {
            if token(index + 1)?.isWord("enum") ?? false {  // export const enum X
                if let name = token(index + 2), name.kind == .word { result.names.append(name.text) }
                return index + 3
            }
            return parseDeclarators(at: index + 1)
        }
        guard ModuleExportParser.declarations.contains(keyword.text) else { return index }
        var nameIndex = index + 1
        if token(nameIndex)?.isPunctuation("*") ?? false { nameIndex += 1 }  // function*
        guard let name = token(nameIndex), name.kind == .word else { return nameIndex }  // declare module 'x', declare global
        result.names.append(name.text)
        return nameIndex + 1
    }

    /// `* from 'm'`, `* as ns from 'm'` (after `export [type]`).
    private mutating func parseStar(at index: Int, line: Int) -> Int {
        if let next = token(index), next.isWord("as"), let name = token(index + 1), name.kind == .word || name.kind == .string {
            result.names.append(name.text)
            return index + 2
        }
        if let from = token(index), from.isWord("from"), let specifier = token(index + 1), specifier.kind == .string {
            result.stars.append(ModuleExports.Star(specifier: specifier.text, line: line))
            return index + 2
        }
        return index
    }

    /// `a, b as c, type D }` (after the `{`); a trailing `from 'm'` changes nothing: the names count.
    private mutating func parseList(at start: Int) -> Int {
        var index = start
        var entry: [ModuleToken] = []
        while let current = token(index) {
            index += 1
            if current.isPunctuation(",") || current.isPunctuation("}") {
                if let name = ModuleExportParser.exportedName(entry) { result.names.append(name) }
                entry = []
                if current.isPunctuation("}") { break }
            } else {
                entry.append(current)
            }
        }
        return index
    }

    /// The exported name of one list entry: `a` → a, `a as b` → b, `type A` → A, `type a as b` → b,
    /// `type` → type, `type as b` → b (exports the binding `type`).
    static func exportedName(_ entry: [ModuleToken]) -> String? {
        var parts = entry.filter { $0.kind == .word || $0.kind == .string }
        if parts.count == 2 || parts.count == 4, parts[0].isWord("type") { parts.removeFirst() }
        if parts.count >= 3, parts[1].isWord("as") { return parts[2].text }
        return parts.first?.text
    }

    /// The names bound by `a = 1, { b, c: d } = o, [e] = f` up to the end of the statement.
    private mutating func parseDeclarators(at start: Int) -> Int {
        var index = start
        var expectName = true
        var depth = 0
        while let current = token(index) {
            if depth == 0 && expectName {
                expectName = false
                if current.kind == .word {
                    result.names.append(current.text)
                    index += 1
                    continue
                }
                if current.isPunctuation("{") || current.isPunctuation("[") {
                    index = parsePattern(at: index + 1)
                    continue
                }
            }
            if current.isPunctuation("(") || current.isPunctuation("[") || current.isPunctuation("{") {
                depth += 1
            } else if current.isPunctuation(")") || current.isPunctuation("]") || current.isPunctuation("}") {
                if depth == 0 { return index }
                depth -= 1
            } else if depth == 0 {
                if current.isPunctuation(";") || startsStatement(at: index) { return index }
                if current.isPunctuation(","), startsDeclarator(at: index + 1) { expectName = true }
            }
            index += 1
        }
        return index
    }

    /// Whether a declarator starts at `index` (after a `,` at depth zero): a pattern, or a name
    /// followed by `=`, `:`, `,`, `;` or `!` (not a type argument like `Map<string, number>`).
    private func startsDeclarator(at index: Int) -> Bool {
        guard let first = token(index) else { return false }
        if first.isPunctuation("{") || first.isPunctuation("[") { return true }
        guard first.kind == .word, let after = token(index + 1) else { return first.kind == .word }
        return after.kind == .punctuation && ["=", ":", ",", ";", "!"].contains(after.text)
    }

    /// Whether the word at `index` starts a new statement after an unterminated one (no `;`):
    /// a statement keyword at the start of a line that follows a complete expression.
    private func startsStatement(at index: Int) -> Bool {
        guard let current = token(index), current.kind == .word, ModuleExportParser.statementWords.contains(current.text) else {
            return false
        }
        guard let previous = token(index - 1) else { return true }
        if current.text == "export" || current.text == "import" { return true }
        guard previous.line < current.line else { return false }
        switch previous.kind {
        case .word, .string, .value: return true
        case .punctuation: return [")", "]", "}"].contains(previous.text)
        }
    }

    /// Words that start a statement (ends a declaration written without `;`).
    private static let statementWords: Set<String> = [
        "export", "import", "const", "let", "var", "function", "class", "interface", "type", "enum", "namespace",
        "declare", "abstract", "async", "if", "for", "while", "return",
    ]

    /// The names bound by a destructuring pattern (after its opening bracket); returns the index
    /// after its closing bracket.
    private mutating func parsePattern(at start: Int) -> Int {
        var index = start
        var depth = 1
        while let current = token(index), depth > 0 {
            index += 1
            if current.isPunctuation("{") || current.isPunctuation("[") || current.isPunctuation("(") {
                depth += 1
            } else if current.isPunctuation("}") || current.isPunctuation("]") || current.isPunctuation(")") {
                depth -= 1
            } else if current.kind == .word, let next = token(index), next.kind == .punctuation,
                [",", "}", "]", "="].contains(next.text), !(token(index - 2)?.isPunctuation("=") ?? false)
            {
                result.names.append(current.text)
            }
        }
        return index
    }

    /// Skips `@name`, `@a.b` and `@name(…)`; returns the index after it.
    private func skipDecorator(at start: Int) -> Int {
        var index = start + 1
        while let current = token(index), current.kind == .word || current.isPunctuation(".") { index += 1 }
        guard token(index)?.isPunctuation("(") ?? false else { return index }
        var depth = 0
        while let current = token(index) {
            index += 1
            if current.isPunctuation("(") { depth += 1 }
            if current.isPunctuation(")") {
                depth -= 1
                if depth == 0 { break }
            }
        }
        return index
    }
}
