/// npm's rules for the names `[package]` writes into a manifest: package names, dist-tags,
/// repository URLs and JavaScript identifiers. Pure functions.
public enum PackageNameRules {
    /// npm's package name rules for new packages: at most 214 characters, lowercase, URL-safe, not
    /// starting with `.` or `_`, optionally `@scope/name`.
    public static func isValidPackageName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 214 else { return false }
        var rest = Substring(name)
        if rest.hasPrefix("@") {
            guard let slash = rest.firstIndex(of: "/") else { return false }
            guard isNamePart(rest[rest.index(after: rest.startIndex)..<slash]) else { return false }
            rest = rest[rest.index(after: slash)...]
        }
        return isNamePart(rest)
    }

    private static func isNamePart(_ part: Substring) -> Bool {
        guard let first = part.first, first != ".", first != "_" else { return false }
        return part.unicodeScalars.allSatisfy { c in
            (c >= "a" && c <= "z") || (c >= "0" && c <= "9") || c == "-" || c == "." || c == "_" || c == "~"
        }
    }

    /// Why `tag` cannot be an npm dist-tag, or `nil` when it can. npm refuses tags that are valid
    /// SemVer ranges (`1`, `v2`, `x`), so a tag must start with a letter and not look like one.
    public static func distTagProblem(_ tag: String) -> String? {
        let allowed = tag.unicodeScalars.allSatisfy { c in
            (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "-" || c == "." || c == "_"
        }
        guard let first = tag.unicodeScalars.first, (first >= "a" && first <= "z") || (first >= "A" && first <= "Z"), allowed else {
            return "\"\(tag)\" must start with a letter and contain only letters, digits, '-', '.' and '_' (e.g. \"latest\")"
        }
        let lower = tag.lowercased()
        if lower == "x" || (lower.hasPrefix("v") && lower.dropFirst().first?.isNumber == true) {
            return "\"\(tag)\" reads as a SemVer range, which npm refuses as a dist-tag"
        }
        return nil
    }

    /// Why `url` cannot be the mirror's `repository` URL, or `nil` when it can.
    public static func repositoryProblem(_ url: String) -> String? {
        let schemes = ["https://", "git+https://", "git+ssh://", "git://", "http://"]
        guard let scheme = schemes.first(where: { url.hasPrefix($0) }) else {
            return "\"\(url)\" must be the mirror's URL, e.g. \"https://github.com/botiverse/kimi-code-sdk\""
        }
        let host = url.dropFirst(scheme.count).prefix { $0 != "/" }
        if host.isEmpty { return "\"\(url)\" has no host" }
        if host.contains("@") && scheme != "git+ssh://" {
            return "the URL carries credentials; give the plain repository URL (it is published in package.json)"
        }
        return nil
    }

    /// Whether `name` is a JavaScript identifier (ASCII letters, digits, `_`, `$`; not starting with
    /// a digit).
    public static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !(first >= "0" && first <= "9") else { return false }
        return name.unicodeScalars.allSatisfy { c in
            (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "_" || c == "$"
        }
    }
}
