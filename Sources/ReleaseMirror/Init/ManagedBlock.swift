/// The part of a workflow file `init` writes that `init --upgrade` owns (SPEC §12.2): the lines from
/// `# release-mirror:managed:begin` to `# release-mirror:managed:end`, markers included. What is
/// before or after them is the user's and is kept as it is.
public struct ManagedBlock: Sendable, Equatable {
    /// The text before the begin marker's line.
    public var before: Substring
    /// The marker lines and everything between them.
    public var block: Substring
    /// The text after the end marker's line.
    public var after: Substring

    /// The begin marker (a YAML comment line).
    public static let begin = "# release-mirror:managed:begin"
    /// The end marker.
    public static let end = "# release-mirror:managed:end"

    /// Splits `text` at its markers: exactly one begin line, then exactly one end line.
    public static func split(_ text: String) -> Result<ManagedBlock, ManagedBlockProblem> {
        var begins: [Range<String.Index>] = []
        var ends: [Range<String.Index>] = []
        var start = text.startIndex
        while start < text.endIndex {
            let stop = text[start...].firstIndex(of: "\n").map { text.index(after: $0) } ?? text.endIndex
            let line = text[start..<stop].drop { $0 == " " }
            if line.hasPrefix(begin) { begins.append(start..<stop) }
            if line.hasPrefix(end) { ends.append(start..<stop) }
            start = stop
        }
        if begins.isEmpty && ends.isEmpty { return .failure(.noMarkers) }
        guard begins.count == 1, ends.count == 1, let first = begins.first, let last = ends.first,
              first.upperBound <= last.lowerBound
        else {
            return .failure(.unbalanced("\(begins.count) begin and \(ends.count) end marker line(s), expected one of each in that order"))
        }
        return .success(ManagedBlock(
            before: text[..<first.lowerBound], block: text[first.lowerBound..<last.upperBound],
            after: text[last.upperBound...]))
    }

    /// `existing` with its managed block replaced by the one of `template`.
    public static func upgrade(_ existing: String, to template: String) -> Result<String, ManagedBlockProblem> {
        let old: ManagedBlock
        switch split(existing) {
        case .success(let found): old = found
        case .failure(let problem): return .failure(problem)
        }
        switch split(template) {
        case .success(let new): return .success(String(old.before) + String(new.block) + String(old.after))
        case .failure(let problem): return .failure(.template(problem.description))
        }
    }
}

/// Why a file has no managed block `init --upgrade` can replace.
public enum ManagedBlockProblem: Error, Sendable, Equatable, CustomStringConvertible {
    case noMarkers
    case unbalanced(String)
    case template(String)

    public var description: String {
        switch self {
        case .noMarkers: "it has no `\(ManagedBlock.begin)` / `\(ManagedBlock.end)` marker lines"
        case .unbalanced(let detail): "its managed markers are broken: \(detail)"
        case .template(let detail): "the shipped template's markers are broken: \(detail)"
        }
    }
}
