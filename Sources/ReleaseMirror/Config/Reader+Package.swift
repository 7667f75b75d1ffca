import Foundation
import TOMLKit

/// `[package]`: read and validated like every other section (unknown keys and bad values are
/// problems, exit 2).
extension Reader {
    /// The package settings, or `nil` when `[package]` is absent (or invalid: the problems say why).
    mutating func packageSettings(manifest: String?) -> Configuration.Package? {
        guard raw("package") != nil else { return nil }
        guard let name = string("package", "name", nil) else {
            if raw("package", "name") == nil {
                problem(
                    "package", "name",
                    "missing; it is the npm name the mirror publishes under (e.g. \"@botiverse/kimi-code-sdk\") "
                        + "and enables `release-mirror package`; remove [package] to turn the command off")
            }
            return nil
        }
        if !PackageNameRules.isValidPackageName(name) {
            problem(
                "package", "name",
                "\"\(name)\" is not a valid npm package name (lowercase, URL-safe, at most 214 characters, "
                    + "optionally @scope/name)")
        }
        let manifestDirectory = manifest.map { ($0 as NSString).deletingLastPathComponent } ?? ""
        let directory = treeDirectory("package", "directory", manifestDirectory, allowRoot: true)
        let dist = treeDirectory("package", "dist", "dist", allowRoot: false)
        let repository = optionalString("package", "repository", nil)
        if let repository, let reason = PackageNameRules.repositoryProblem(repository) {
            problem("package", "repository", reason)
        }
        let description = optionalString("package", "description", nil)
        let homepage = optionalString("package", "homepage", nil)
        if let homepage, !(homepage.hasPrefix("https://") || homepage.hasPrefix("http://")) || homepage.contains("@") {
            problem("package", "homepage", "\"\(homepage)\" must be an http(s) URL without credentials")
        }
        let requireExports = stringArray("package", "require-exports", [])
        for symbol in requireExports ?? [] where !PackageNameRules.isIdentifier(symbol) {
            problem("package", "require-exports", "\"\(symbol)\" is not a JavaScript identifier")
        }
        let distTag = string("package", "dist-tag", "latest")
        let suffixDistTag = string("package", "suffix-dist-tag", "next")
        for (key, tag) in [("dist-tag", distTag), ("suffix-dist-tag", suffixDistTag)] {
            guard let tag else { continue }
            if let reason = PackageNameRules.distTagProblem(tag) { problem("package", key, reason) }
        }
        if let distTag, distTag == suffixDistTag {
            problem(
                "package", "suffix-dist-tag",
                "must differ from dist-tag (\"\(distTag)\"), so a plain install never gets a suffixed build")
        }
        let readme = optionalString("package", "readme", nil).map { ConfigurationLoader.absolutePath($0, base: self.directory) }
        guard let directory, let dist, let requireExports, let distTag, let suffixDistTag else { return nil }
        return Configuration.Package(
            name: name, directory: directory, dist: dist, repository: repository, description: description,
            homepage: homepage, requireExports: requireExports, distTag: distTag, suffixDistTag: suffixDistTag,
            readme: readme)
    }

    /// A whole section's raw value.
    func raw(_ section: String) -> (any TOMLValueConvertible)? { table[section] }

    /// A relative directory inside a tree: no leading `/`, no empty, `.` or `..` component.
    mutating func treeDirectory(_ section: String, _ key: String, _ fallback: String, allowRoot: Bool) -> String? {
        guard let text = string(section, key, fallback) else { return nil }
        let trimmed = text.hasSuffix("/") ? String(text.dropLast()) : text
        if trimmed.isEmpty && allowRoot { return "" }
        let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        guard !trimmed.isEmpty, !trimmed.hasPrefix("/"), !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
            problem(section, key, "\"\(text)\" must be a relative directory without . or .. components, like \(fallback.isEmpty ? "dist" : fallback)")
            return nil
        }
        return trimmed
    }
}
