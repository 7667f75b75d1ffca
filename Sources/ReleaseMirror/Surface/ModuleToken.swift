/// One token of a JavaScript or TypeScript module, as far as the export reader needs it: words
/// (identifiers and keywords), string literals (their contents), single-byte punctuation, and
/// everything else (numbers, template and regular-expression literals) as an opaque value.
struct ModuleToken: Sendable, Equatable {
    /// What the token is.
    enum Kind: Sendable, Equatable {
        /// An identifier or keyword; `text` is the word.
        case word
        /// A string literal; `text` is what is between the quotes (escapes kept as written).
        case string
        /// One punctuation byte; `text` is that character.
        case punctuation
        /// A number, template literal or regular expression; `text` is empty.
        case value
    }

    /// What the token is.
    var kind: Kind
    /// The word, the string's contents or the punctuation character.
    var text: String
    /// The 1-based line the token starts on.
    var line: Int

    /// Whether this is the word `word`.
    func isWord(_ word: String) -> Bool { kind == .word && text == word }

    /// Whether this is the punctuation character `character`.
    func isPunctuation(_ character: String) -> Bool { kind == .punctuation && text == character }
}
