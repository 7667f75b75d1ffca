import Foundation

/// The Interface cell of a ledger row: `—` (first release, no entry, or the delta is off),
/// `unchanged`, `additive (+N)`, `breaking (−N)` or `breaking (−N, +M)`. The minus sign is U+2212;
/// an ASCII `-` is accepted when reading.
public enum InterfaceCell: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    /// Nothing to compare: the first release, or the entry is missing here or at the base.
    case none
    /// The same exported names as the previous release.
    case unchanged
    /// `N` names added, none removed.
    case additive(Int)
    /// `removed` names removed (and `added` added).
    case breaking(removed: Int, added: Int)

    /// The cell as written in the table.
    public var description: String {
        switch self {
        case .none: return LedgerRow.emptyCell
        case .unchanged: return "unchanged"
        case .additive(let count): return "additive (+\(count))"
        case .breaking(let removed, let added):
            return added == 0 ? "breaking (\u{2212}\(removed))" : "breaking (\u{2212}\(removed), +\(added))"
        }
    }

    /// Parses a cell (`—`, `-`, `n/a` and empty are `.none`); `nil` when it is none of the forms.
    public init?(_ text: String) {
        if text == "unchanged" {  // the common case, without trimming
            self = .unchanged
            return
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if LedgerRow.isEmptyCell(trimmed) {
            self = .none
            return
        }
        if trimmed == "unchanged" {
            self = .unchanged
            return
        }
        func counts(_ prefix: String) -> [String]? {
            guard trimmed.hasPrefix(prefix + " ("), trimmed.hasSuffix(")") else { return nil }
            let inner = trimmed.dropFirst(prefix.count + 2).dropLast()
            return inner.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        func number(_ text: String, sign: [Character]) -> Int? {
            guard let first = text.first, sign.contains(first), let value = Int(text.dropFirst()), value > 0 else { return nil }
            return value
        }
        let minus: [Character] = ["\u{2212}", "-"]
        if let parts = counts("additive"), parts.count == 1, let added = number(parts[0], sign: ["+"]) {
            self = .additive(added)
        } else if let parts = counts("breaking"), (1...2).contains(parts.count), let removed = number(parts[0], sign: minus) {
            if parts.count == 1 {
                self = .breaking(removed: removed, added: 0)
            } else if let added = number(parts[1], sign: ["+"]) {
                self = .breaking(removed: removed, added: added)
            } else {
                return nil
            }
        } else {
            return nil
        }
    }
}
