/// What one release added to and removed from the public surface of `publish.entry`, against a
/// base release (by default the previous mirror tag by version). Pure.
public struct InterfaceDelta: Sendable, Equatable, Codable {
    /// The overall judgement.
    public enum Verdict: String, Sendable, Equatable, Codable {
        /// The same names.
        case unchanged
        /// Names added, none removed: consumers can bump safely.
        case additive
        /// Names removed: consumers that use them break.
        case breaking
    }

    /// Names (and `* from '<package>'` entries) in the release and not in the base, sorted.
    public var added: [String]
    /// Names in the base and not in the release, sorted.
    public var removed: [String]

    /// The delta from `base` to `release` (their `symbols`).
    public init(base: ExportSurface, release: ExportSurface) {
        let before = Set(base.symbols)
        let after = Set(release.symbols)
        added = after.subtracting(before).sorted()
        removed = before.subtracting(after).sorted()
    }

    /// Creates a value from lists (sorted here).
    public init(added: [String], removed: [String]) {
        self.added = added.sorted()
        self.removed = removed.sorted()
    }

    /// `breaking` when anything was removed, else `additive` when anything was added, else `unchanged`.
    public var verdict: Verdict {
        if !removed.isEmpty { return .breaking }
        return added.isEmpty ? .unchanged : .additive
    }

    /// The ledger cell for this delta.
    public var cell: InterfaceCell {
        switch verdict {
        case .unchanged: return .unchanged
        case .additive: return .additive(added.count)
        case .breaking: return .breaking(removed: removed.count, added: added.count)
        }
    }
}
