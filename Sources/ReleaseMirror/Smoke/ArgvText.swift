/// Renders an argv for people to read and copy (POSIX shell quoting). Display only: commands are
/// always run as an argv, never through this text.
public enum ArgvText {
    /// `argv` as one shell-quoted line, e.g. `sh -c 'pnpm install && pnpm build'`.
    public static func render(_ argv: [String]) -> String {
        argv.map(quote).joined(separator: " ")
    }

    /// One word, quoted only when it needs to be.
    public static func quote(_ word: String) -> String {
        let safe = word.unicodeScalars.allSatisfy {
            ($0.value >= 48 && $0.value <= 57) || ($0.value >= 65 && $0.value <= 90) || ($0.value >= 97 && $0.value <= 122)
                || "@%+=:,./_-".unicodeScalars.contains($0)
        }
        if safe && !word.isEmpty { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
