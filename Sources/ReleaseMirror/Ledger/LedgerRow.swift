import Foundation
public import Git

/// One row of the managed version-mapping table (SPEC §7):
/// `| \`<upstream tag>\` | \`<commit>\` | <SDK version> | <publish tag(s)> | <smoke> | <interface> |`
/// (the Interface cell only when `publish.entry` is set; rows without it still parse).
public struct LedgerRow: Sendable, Equatable, Codable {
    /// The mirror tag's short name (`@moonshot-ai/kimi-code@0.14.3`).
    public var tag: String
    /// The peeled commit as written: 12 to 40 lowercase hex digits.
    public var commit: String
    /// The SDK version (`publish.manifest`'s `version` at the tag); `nil` is written `—`.
    public var sdkVersion: SemanticVersion?
    /// The publish tags made from this release (short names); empty is written `—`.
    public var publishTags: [String]
    /// The smoke note's status for the commit; `nil` (no note) is written `—`.
    public var smoke: SmokeOutcome.Status?
    /// The Interface cell; `nil` when the row has no such column (`publish.entry = ""`, or a
    /// table written before the column existed).
    public var interface: InterfaceCell?
    /// The 1-based line in the ledger file, for parsed rows.
    public var line: Int?
    /// The patch branch (`patch/role-additional`) of a row for versions published from a patch
    /// (SPEC §13.5): the tag cell reads `` `<base tag>` (patch/NAME) `` and the commit is the tip's.
    public var patchBranch: String?

    /// The number of hex digits written for a commit.
    public static let commitLength = 12
    /// What an empty cell holds.
    public static let emptyCell = "—"

    /// Creates a value. `commit` is lowercased.
    public init(
        tag: String, commit: String, sdkVersion: SemanticVersion?, publishTags: [String] = [],
        smoke: SmokeOutcome.Status? = nil, interface: InterfaceCell? = nil, line: Int? = nil, patchBranch: String? = nil
    ) {
        self.patchBranch = patchBranch
        self.tag = tag
        self.commit = commit.lowercased()
        self.sdkVersion = sdkVersion
        self.publishTags = publishTags
        self.smoke = smoke
        self.interface = interface
        self.line = line
    }

    /// Whether the row's (possibly abbreviated) commit names `id`.
    public func names(_ id: ObjectID) -> Bool { id.hex.hasPrefix(commit) }

    /// The row as a Markdown table line (no line ending).
    public func rendered() -> String {
        let cells = [
            LedgerRow.code(tag) + (patchBranch.map { " (\(LedgerRow.escape($0)))" } ?? ""),
            LedgerRow.code(commit),
            sdkVersion.map { LedgerRow.escape($0.description) } ?? LedgerRow.emptyCell,
            publishTags.isEmpty ? LedgerRow.emptyCell : publishTags.map(LedgerRow.code).joined(separator: ", "),
            smoke?.rawValue ?? LedgerRow.emptyCell,
        ] + (interface.map { [$0.description] } ?? [])
        return "| " + cells.joined(separator: " | ") + " |"
    }

    /// Parses one table line; `line` is its 1-based number in the file.
    /// - Parameter columns: the header's cell count (5 or 6); `nil` accepts either.
    public static func parse(_ text: String, line: Int, columns: Int? = nil) -> Result<LedgerRow, LedgerProblem> {
        func problem(_ message: String) -> Result<LedgerRow, LedgerProblem> {
            .failure(LedgerProblem(line: line, message: message))
        }
        guard let cells = splitCells(text) else {
            return problem("not a table row (a row starts and ends with `|`): \(abbreviate(text))")
        }
        guard columns.map({ cells.count == $0 }) ?? (cells.count == 5 || cells.count == 6) else {
            let header = columns == 5 ? LedgerTable.headerWithoutInterface : LedgerTable.header
            return problem("\(cells.count) cell(s); a row has \(columns ?? 6): \(header)")
        }
        var issues: [String] = []

        let (tagCell, patchBranch) = splitPatchCell(cells[0])
        let tag = unquote(tagCell)
        if patchBranch?.isEmpty == true || patchBranch?.contains(where: \.isWhitespace) == true {
            issues.append("Upstream tag \"\(cells[0])\" names no patch branch in its parentheses")
        }
        if tag.isEmpty || tag == emptyCell || tag.contains(where: \.isWhitespace) {
            issues.append("Upstream tag \"\(cells[0])\" is not a tag name")
        }

        let commit = unquote(cells[1]).lowercased()
        if !(commitLength...40).contains(commit.count) || !commit.allSatisfy(\.isLowerHexDigit) {
            issues.append("Commit \"\(cells[1])\" is not \(commitLength) to 40 hex digits")
        }

        var sdk: SemanticVersion?
        let sdkText = unquote(cells[2])
        if !isEmptyCell(sdkText) {
            sdk = SemanticVersion(sdkText)
            if sdk == nil { issues.append("SDK version \"\(cells[2])\" is not a SemVer version or \(emptyCell)") }
        }

        var publish: [String] = []
        if !isEmptyCell(cells[3]) {
            for item in cells[3].split(separator: ",", omittingEmptySubsequences: false) {
                let name = unquote(String(item))
                if name.isEmpty || name.contains(where: \.isWhitespace) {
                    issues.append("Publish tag \"\(cells[3])\" is not a comma-separated list of tag names or \(emptyCell)")
                    break
                }
                publish.append(name)
            }
        }

        var smoke: SmokeOutcome.Status?
        let smokeText = unquote(cells[4])
        if !isEmptyCell(smokeText) {
            smoke = SmokeOutcome.Status(rawValue: smokeText)
            if smoke == nil { issues.append("Smoke \"\(cells[4])\" is not passed, failed, timed-out, error or \(emptyCell)") }
        }

        var interface: InterfaceCell?
        if cells.count == 6 {
            interface = InterfaceCell(unquote(cells[5]))
            if interface == nil {
                issues.append(
                    "Interface \"\(cells[5])\" is not unchanged, additive (+N), breaking (\u{2212}N), breaking (\u{2212}N, +M) or \(emptyCell)")
            }
        }

        if !issues.isEmpty { return problem(issues.joined(separator: "; ")) }
        return .success(
            LedgerRow(tag: tag, commit: commit, sdkVersion: sdk, publishTags: publish, smoke: smoke, interface: interface, line: line,
                patchBranch: patchBranch))
    }

    /// Splits a tag cell `` `tag` (patch/NAME) `` into the tag and the patch branch.
    static func splitPatchCell(_ cell: String) -> (tag: String, patch: String?) {
        let trimmed = cell.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasSuffix(")"), let open = trimmed.range(of: " (", options: .backwards) else { return (trimmed, nil) }
        let inner = trimmed[open.upperBound..<trimmed.index(before: trimmed.endIndex)]
        return (String(trimmed[..<open.lowerBound]), unquote(String(inner)))
    }

    /// Whether this row is the one for a release (`patch == nil`) or for patch `patch` on `commit`.
    func isRow(tag: String, patch: String?, commit: ObjectID? = nil) -> Bool {
        self.tag == tag && patchBranch == patch && (commit.map(names) ?? true)
    }

    /// The trimmed cells of a `| a | b |` line (`\|` is an escaped pipe), or `nil` when the line is
    /// not framed by pipes.
    static func splitCells(_ text: String) -> [String]? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count >= 2, trimmed.hasPrefix("|"), trimmed.hasSuffix("|"), !trimmed.hasSuffix("\\|") else {
            return nil
        }
        var cells: [String] = []
        var current = ""
        var escaped = false
        for character in trimmed.dropFirst().dropLast() {
            if escaped {
                current.append(character == "|" ? "|" : "\\" + String(character))
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "|" {
                cells.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
        }
        if escaped { current.append("\\") }
        cells.append(current.trimmingCharacters(in: .whitespaces))
        return cells
    }

    static func isEmptyCell(_ text: String) -> Bool {
        ["", emptyCell, "-", "–", "n/a"].contains(text.trimmingCharacters(in: .whitespaces))
    }

    /// Strips one pair of surrounding backticks.
    static func unquote(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.count >= 2, trimmed.hasPrefix("`"), trimmed.hasSuffix("`") {
            return String(trimmed.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
        }
        return trimmed
    }

    static func escape(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }

    static func code(_ text: String) -> String { "`" + escape(text) + "`" }

    static func abbreviate(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.count > 80 ? String(trimmed.prefix(77)) + "…" : trimmed
    }
}

extension Character {
    fileprivate var isLowerHexDigit: Bool { isASCII && (isNumber || ("a"..."f").contains(self)) }
}
