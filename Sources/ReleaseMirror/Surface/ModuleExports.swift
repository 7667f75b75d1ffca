/// What one module file exports by itself, before `export * from` is followed: the names it
/// declares or re-exports by name, and its `export * from` specifiers. The result of
/// `ModuleExportParser`, cached by content (blob id) in `ExportParseCache`.
struct ModuleExports: Sendable, Equatable {
    /// An `export * from '…'` or `export type * from '…'` statement.
    struct Star: Sendable, Equatable {
        /// The module specifier as written (`./client.js`, `#/types`, `@scope/pkg`).
        var specifier: String
        /// The 1-based line of the statement.
        var line: Int
    }

    /// The exported names in source order (duplicates possible: overloads, merged declarations).
    var names: [String] = []
    /// The `export * from` statements in source order.
    var stars: [Star] = []
}
