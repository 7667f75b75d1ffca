import Foundation

/// What a server printed during a push (its `remote:` lines: hook output, policy messages), kept
/// so a rejection can say *why*: `pre-receive hook declined` alone does not tell which ref the
/// hook objected to, the hook's own message does. Progress lines (`Resolving deltas: 42% …`) are
/// dropped as they arrive, so they cannot crowd out the message.
final class RemoteMessages {
    private var partial = ""
    private var lines: [String] = []
    private var kept = 0
    /// At most this many characters of messages are kept (a chatty hook cannot flood the error).
    static let limit = 2000

    /// Adds a chunk of sideband text (chunks split lines anywhere; `\r` ends a progress line).
    func append(_ chunk: String) {
        for character in chunk {
            if character == "\n" || character == "\r" || character == "\r\n" {
                finishLine()
            } else if partial.count < RemoteMessages.limit {
                partial.append(character)
            }
        }
    }

    private func finishLine() {
        defer { partial = "" }
        let line = String(partial.trimmingCharacters(in: .whitespaces).unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F })
        guard !line.isEmpty, kept < RemoteMessages.limit, !RemoteMessages.isProgress(line) else { return }
        lines.append(line)
        kept += line.count
    }

    /// `Counting objects: 12% (3/25)`, `Resolving deltas: 100% (9/9), done.` and the like.
    static func isProgress(_ line: String) -> Bool {
        line.range(of: #"^[A-Za-z ]+: +\d{1,3}% \(\d+/\d+\)"#, options: .regularExpression) != nil
            || line.range(of: #"^[A-Za-z ]+: +\d+, done\.$"#, options: .regularExpression) != nil
    }

    /// `; the remote said: "a" / "b"`, or `""` when it said nothing but progress.
    var summary: String {
        finishLine()
        guard !lines.isEmpty else { return "" }
        return "; the remote said: " + lines.prefix(10).map { "\"\($0)\"" }.joined(separator: " / ")
    }
}
