import Foundation

/// One row of the patch registry table:
/// `| \`patch/<name>\` | \`<base tag>\` | <reason> | <upstream PR> | <status> |`.
public struct PatchRow: Sendable, Equatable, Codable {
    /// The patch branch's short name (`patch/role-additional`).
    public var branch: String
    /// The mirror tag the branch is stacked on.
    public var baseTag: String
    /// Why the patch exists; `nil` is written `—`.
    public var reason: String?
    /// The upstream pull request carrying the same change; `nil` is written `—`.
    public var upstreamPR: String?
    /// Whether the branch is live.
    public var status: Status
    /// The 1-based line in the registry file, for parsed rows.
    public var line: Int?

    /// A patch's state in the registry.
    public enum Status: Sendable, Equatable, Codable, CustomStringConvertible {
        /// The branch is live on the mirror's remote.
        case active
        /// The branch was removed; its last tip is kept under `archive` (a full ref name).
        case retired(archive: String?)

        public var description: String {
            switch self {
            case .active: "active"
            case .retired(let archive): archive.map { "retired, archived as `\($0)`" } ?? "retired"
            }
        }

        /// The archive ref of a retired patch.
        public var archive: String? {
            if case .retired(let archive) = self { return archive }
            return nil
        }

        /// Parses a status cell: `active`, `retired`, optionally with its archive in backticks.
        static func parse(_ text: String) -> Status? {
            let lowered = text.lowercased()
            if lowered == "active" { return .active }
            guard lowered.hasPrefix("retired") else { return nil }
            let parts = text.split(separator: "`", omittingEmptySubsequences: false)
            return .retired(archive: parts.count >= 3 ? String(parts[1]) : nil)
        }
    }

    /// Creates a value.
    public init(
        branch: String, baseTag: String, reason: String? = nil, upstreamPR: String? = nil, status: Status = .active,
        line: Int? = nil
    ) {
        self.branch = branch
        self.baseTag = baseTag
        self.reason = reason
        self.upstreamPR = upstreamPR
        self.status = status
        self.line = line
    }

    /// Whether the patch is retired.
    public var isRetired: Bool { status != .active }

    /// The row as a Markdown table line (no line ending). Line breaks in the reason become spaces.
    public func rendered() -> String {
        let reasonText = reason.map { $0.split(whereSeparator: \.isNewline).joined(separator: " ") }
        let cells = [
            LedgerRow.code(branch), LedgerRow.code(baseTag),
            reasonText.map(LedgerRow.escape) ?? LedgerRow.emptyCell,
            upstreamPR.map(LedgerRow.escape) ?? LedgerRow.emptyCell,
            status.description,
        ]
        return "| " + cells.joined(separator: " | ") + " |"
    }

    /// Parses one table line; `line` is its 1-based number in the file.
    public static func parse(_ text: String, line: Int) -> Result<PatchRow, LedgerProblem> {
        guard let cells = LedgerRow.splitCells(text), cells.count == 5 else {
            return .failure(
                LedgerProblem(line: line, message: "not a registry row with 5 cells (\(PatchRegistry.header)): \(LedgerRow.abbreviate(text))"))
        }
        let branch = LedgerRow.unquote(cells[0])
        let baseTag = LedgerRow.unquote(cells[1])
        guard !branch.isEmpty, !baseTag.isEmpty, !branch.contains(where: \.isWhitespace), !baseTag.contains(where: \.isWhitespace) else {
            return .failure(LedgerProblem(line: line, message: "the branch and the base tag must be ref names: \(LedgerRow.abbreviate(text))"))
        }
        guard let status = Status.parse(LedgerRow.unquote(cells[4])) else {
            return .failure(LedgerProblem(line: line, message: "status \"\(cells[4])\" is neither active nor retired"))
        }
        func optional(_ cell: String) -> String? { LedgerRow.isEmptyCell(cell) ? nil : cell }
        return .success(
            PatchRow(
                branch: branch, baseTag: baseTag, reason: optional(cells[2]), upstreamPR: optional(LedgerRow.unquote(cells[3])),
                status: status, line: line))
    }
}
