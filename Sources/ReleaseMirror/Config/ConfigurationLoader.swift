import Foundation
import Git
import TOMLKit

/// Reads and validates `release-mirror.toml`. Every problem is reported at once, one line each,
/// naming the file, the line and the key.
public enum ConfigurationLoader {
    /// The default file name looked up in the working directory.
    public static let defaultFileName = "release-mirror.toml"

    /// Loads the file at `path` (relative paths resolve against the current directory).
    /// - Throws: `MirrorError.configuration` / `.configurationProblems` (exit 2).
    public static func load(path: String) throws(MirrorError) -> Configuration {
        let absolute = absolutePath(path, base: FileManager.default.currentDirectoryPath)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory) else {
            throw .configuration(
                file: absolute, line: 0, key: "",
                message: "no such file; create one with `release-mirror init` or pass --config PATH")
        }
        guard !isDirectory.boolValue else {
            throw .configuration(file: absolute, line: 0, key: "", message: "is a directory, not a TOML file")
        }
        guard let data = FileManager.default.contents(atPath: absolute) else {
            throw .configuration(file: absolute, line: 0, key: "", message: "cannot be read")
        }
        guard data.count <= 1 << 20 else {
            throw .configuration(file: absolute, line: 0, key: "", message: "is \(data.count) bytes; a config is at most 1 MiB")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            let line = firstInvalidUTF8Line(data)
            throw .configuration(file: absolute, line: line, key: "", message: "is not valid UTF-8")
        }
        return try parse(text, file: absolute)
    }

    /// Parses TOML `text` as if read from `file` (relative paths resolve against its directory).
    public static func parse(_ text: String, file: String) throws(MirrorError) -> Configuration {
        if let problem = TOMLPrecheck.problem(in: text) {
            throw .configuration(file: file, line: problem.line, key: "", message: problem.message)
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw .configuration(file: file, line: error.source.begin.line, key: "", message: "TOML syntax: \(error.description)")
        } catch {
            throw .configuration(file: file, line: 0, key: "", message: "TOML syntax: \(error)")
        }
        var reader = Reader(table: table, file: file, locator: KeyLocator(text))
        let config = reader.read()
        if reader.problems.count == 1 { throw reader.problems[0] }
        if !reader.problems.isEmpty { throw .configurationProblems(reader.problems) }
        guard let config else { throw .configuration(file: file, line: 0, key: "", message: "invalid") }
        return config
    }

    /// `path` made absolute against `base` (`~` expanded, `.`/`..` and trailing slashes removed).
    public static func absolutePath(_ path: String, base: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        let joined = expanded.hasPrefix("/") ? expanded : (base as NSString).appendingPathComponent(expanded)
        return (joined as NSString).standardizingPath
    }

    private static func firstInvalidUTF8Line(_ data: Data) -> Int {
        var line = 1
        var start = data.startIndex
        for index in data.indices where data[index] == 0x0A {
            if String(data: data[start..<index], encoding: .utf8) == nil { return line }
            line += 1
            start = index + 1
        }
        return line
    }
}

/// Walks the parsed table section by section, collecting every problem.
struct Reader {
    let table: TOMLTable
    let file: String
    let locator: KeyLocator
    var problems: [MirrorError] = []
    var directory: String { (file as NSString).deletingLastPathComponent }

    static let schema: [String: Set<String>] = [
        "upstream": ["url", "branch", "release-tags", "token-env"],
        "mirror": ["repository", "remote", "branch", "release-branch"],
        "smoke": ["command", "timeout-seconds", "env", "on"],
        "publish": ["manifest", "package-name", "version-from", "allow-suffix", "tag", "ledger", "require-smoke", "entry"],
        "report": ["github-repository", "labels", "token-env", "directory"],
        "package": [
            "name", "directory", "dist", "repository", "description", "homepage", "require-exports", "dist-tag",
            "suffix-dist-tag", "readme",
        ],
        "patches": ["branch", "registry"],
    ]

    mutating func problem(_ section: String, _ key: String, _ message: String) {
        let full = key.isEmpty ? section : "\(section).\(key)"
        problems.append(.configuration(file: file, line: locator.line(section: section, key: key), key: full, message: message))
    }

    mutating func read() -> Configuration? {
        checkSchema()
        let upstreamURL = string("upstream", "url", nil)
        if upstreamURL == nil && problems.allSatisfy({ !$0.description.contains("upstream.url") }) {
            problem("upstream", "url", "missing; it is the only required key (the upstream repository's URL or path)")
        }
        let branch = branchName("upstream", "branch", "main")
        let releaseTags = pattern("upstream", "release-tags", "@moonshot-ai/kimi-code@{version}", refPrefix: "refs/tags/")
        let upstreamTokenEnv = variableName("upstream", "token-env", "")

        let repository = directoryPath("mirror", "repository", ".")
        let remote = string("mirror", "remote", "origin") ?? "origin"
        let mirrorBranch = branchName("mirror", "branch", "upstream-main")
        let releaseBranch = pattern("mirror", "release-branch", "release/v{version}", refPrefix: "refs/heads/")

        let smoke = readSmoke()

        let manifest = relativeTreePath("publish", "manifest", "packages/node-sdk/package.json")
        let packageName = optionalString("publish", "package-name", "@moonshot-ai/kimi-code-sdk")
        let versionFrom: Configuration.VersionSource? = choice("publish", "version-from", .manifest)
        let allowSuffix = readAllowSuffix()
        let tag = pattern("publish", "tag", "publish-sdk/v{version}", refPrefix: "refs/tags/")
        let ledger = path("publish", "ledger", "RELEASES.md")
        let requireSmoke = boolean("publish", "require-smoke", true)
        let entry = raw("publish", "entry")?.string == "" ? "" : relativeTreePath("publish", "entry", Configuration.Publish.defaultEntry)

        let report = readReport()
        if problems.isEmpty, let mirrorBranch, let releaseBranch, let releaseTags, let tag { checkNames(mirrorBranch, releaseBranch, releaseTags, tag) }
        let package = packageSettings(manifest: manifest)
        let patches = patchSettings(mirrorBranch: mirrorBranch, releaseBranch: releaseBranch)

        guard problems.isEmpty, let upstreamURL, let branch, let releaseTags, let repository, let mirrorBranch,
            let releaseBranch, let smoke, let manifest, let versionFrom, let tag,
            let ledger, let requireSmoke, let report, let upstreamTokenEnv, let patches
        else { return nil }
        return Configuration(
            file: file,
            upstream: .init(url: RemoteURL(resolveURL(upstreamURL)), tokenEnv: upstreamTokenEnv, branch: branch, releaseTags: releaseTags),
            mirror: .init(
                repository: repository, remote: RemoteURL(remote), branch: mirrorBranch,
                releaseBranch: releaseBranch),
            smoke: smoke,
            publish: .init(
                manifest: manifest, packageName: packageName, versionFrom: versionFrom, allowSuffix: allowSuffix,
                tag: tag, ledger: ledger, requireSmoke: requireSmoke, entry: entry ?? ""),
            report: report, package: package, patches: patches)
    }

    /// Unknown sections, sections that are not tables, and unknown keys in each section.
    mutating func checkSchema() {
        for key in table.keys where Reader.schema[key] == nil {
            let known = Reader.schema.keys.sorted().map { "[\($0)]" }.joined(separator: ", ")
            problems.append(
                .configuration(
                    file: file, line: locator.line(section: key, key: ""), key: key,
                    message: "unknown key; the sections are \(known)"))
        }
        for (section, keys) in Reader.schema {
            guard let value = table[section] else { continue }
            guard let sub = value.table else {
                problem(section, "", "must be a table ([\(section)])")
                continue
            }
            for key in sub.keys where !keys.contains(key) {
                problem(section, key, "unknown key; [\(section)] takes \(keys.sorted().joined(separator: ", "))")
            }
        }

    }

    /// `[smoke]`.
    mutating func readSmoke() -> Configuration.Smoke? {
        let command = stringArray("smoke", "command", [
            "sh", "-c",
            "corepack enable && pnpm install --frozen-lockfile --filter '@moonshot-ai/kimi-code-sdk...' && pnpm --filter @moonshot-ai/kimi-code-sdk build",
        ])
        if command?.isEmpty == true { problem("smoke", "command", "must name a program: [\"program\", \"arg\", …]") }
        let timeout = integer("smoke", "timeout-seconds", 1800, range: 1...86_400)
        let env = stringArray("smoke", "env", ["PATH", "HOME", "LANG"])
        let on: Configuration.SmokeTrigger? = choice("smoke", "on", .newReleases)
        guard let command, let timeout, let env, let on else { return nil }
        return .init(command: command, timeoutSeconds: timeout, env: env, on: on)
    }

    /// `publish.allow-suffix`: `{n}` once, and a SemVer version when appended to one.
    mutating func readAllowSuffix() -> NamePattern? {
        guard let text = optionalString("publish", "allow-suffix", nil) else { return nil }
        guard let allowSuffix = NamePattern(text, placeholder: "{n}") else {
            problem("publish", "allow-suffix", "must contain {n} exactly once, e.g. \"-botiverse.{n}\"")
            return nil
        }
        if SemanticVersion("1.0.0" + allowSuffix.name(for: "1")) == nil {
            problem("publish", "allow-suffix", "\"1.0.0\(allowSuffix.name(for: "1"))\" would not be a SemVer version")
        }
        return allowSuffix
    }

    /// `[report]`.
    mutating func readReport() -> Configuration.Report? {
        let githubRepository = string("report", "github-repository", "") ?? ""
        if !githubRepository.isEmpty {
            let parts = githubRepository.split(separator: "/", omittingEmptySubsequences: false)
            if parts.count != 2 || parts.contains(where: \.isEmpty) {
                problem("report", "github-repository", "must be \"owner/name\" (or \"\" for no issues)")
            }
        }
        let labels = stringArray("report", "labels", ["sync", "upstream-break"])
        let tokenEnv = variableName("report", "token-env", "GITHUB_TOKEN")
        let reportDirectory = optionalString("report", "directory", nil).flatMap { $0.isEmpty ? nil : $0 }
        guard let labels, let tokenEnv else { return nil }
        return .init(
            githubRepository: githubRepository, labels: labels, tokenEnv: tokenEnv,
            directory: reportDirectory.map { ConfigurationLoader.absolutePath($0, base: directory) })
    }

    /// Managed names that overlap (ManagedNames), each reported on the key of the pair the file sets.
    mutating func checkNames(_ mirrorBranch: String, _ releaseBranch: NamePattern, _ releaseTags: NamePattern, _ tag: NamePattern) {
        let conflicts = ManagedNames.conflicts(
            mirrorBranch: mirrorBranch, releaseBranch: releaseBranch, releaseTags: releaseTags, publishTag: tag)
        for conflict in conflicts {
            let keys = [conflict.key] + (conflict.otherKey.map { [$0] } ?? [])
            let parts = keys.map { $0.split(separator: ".", maxSplits: 1).map(String.init) }
            let chosen = parts.first { raw($0[0], $0[1]) != nil } ?? parts[0]
            let other = keys.count == 2 && chosen != parts[0] ? " (with \(conflict.key))" : ""
            problem(chosen[0], chosen[1], conflict.message + other)
        }
    }

    // MARK: - Typed accessors

    func raw(_ section: String, _ key: String) -> (any TOMLValueConvertible)? { table[section]?.table?[key] }

    mutating func string(_ section: String, _ key: String, _ fallback: String?) -> String? {
        guard let value = raw(section, key) else { return fallback }
        guard let text = value.string else {
            problem(section, key, "must be a string, not \(value.type)")
            return nil
        }
        if text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            problem(section, key, "contains control characters")
            return nil
        }
        guard text.utf8.count <= 1024 else {  // no URL, path or name here is longer; keeps errors short
            problem(section, key, "is \(text.utf8.count) bytes long; a value here is at most 1024")
            return nil
        }
        return text
    }

    mutating func optionalString(_ section: String, _ key: String, _ fallback: String?) -> String? {
        guard raw(section, key) != nil else { return fallback }
        guard let text = string(section, key, nil) else { return nil }
        return text.isEmpty ? nil : text
    }

    mutating func integer(_ section: String, _ key: String, _ fallback: Int, range: ClosedRange<Int>) -> Int? {
        guard let value = raw(section, key) else { return fallback }
        guard value.type == .int, let number = value.int else {
            problem(section, key, "must be an integer, not \(value.type)")
            return nil
        }
        guard range.contains(number) else {
            problem(section, key, "must be between \(range.lowerBound) and \(range.upperBound), not \(number)")
            return nil
        }
        return number
    }

    mutating func boolean(_ section: String, _ key: String, _ fallback: Bool) -> Bool? {
        guard let value = raw(section, key) else { return fallback }
        guard value.type == .bool, let flag = value.bool else {
            problem(section, key, "must be true or false, not \(value.type)")
            return nil
        }
        return flag
    }

    mutating func stringArray(_ section: String, _ key: String, _ fallback: [String]) -> [String]? {
        guard let value = raw(section, key) else { return fallback }
        guard let array = value.array else {
            problem(section, key, "must be an array of strings, e.g. [\"a\", \"b\"], not \(value.type)")
            return nil
        }
        var result: [String] = []
        for element in array {
            guard let text = element.string else {
                problem(section, key, "must contain only strings (found \(element.type))")
                return nil
            }
            result.append(text)
        }
        return result
    }

    mutating func choice<T: RawRepresentable & CaseIterable>(_ section: String, _ key: String, _ fallback: T) -> T?
    where T.RawValue == String {
        guard raw(section, key) != nil else { return fallback }
        guard let text = string(section, key, nil) else { return nil }
        guard let value = T(rawValue: text) else {
            let options = T.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            problem(section, key, "\"\(text)\" is not one of \(options)")
            return nil
        }
        return value
    }

    mutating func branchName(_ section: String, _ key: String, _ fallback: String) -> String? {
        guard let name = string(section, key, fallback) else { return nil }
        guard !name.isEmpty, Repository.isValidReferenceName("refs/heads/" + name) else {
            problem(section, key, "\"\(name)\" is not a valid branch name")
            return nil
        }
        return name
    }

    mutating func pattern(_ section: String, _ key: String, _ fallback: String, refPrefix: String) -> NamePattern? {
        guard let text = string(section, key, fallback) else { return nil }
        guard let pattern = NamePattern(text) else {
            problem(section, key, "\"\(text)\" must contain {version} exactly once")
            return nil
        }
        for sample in ["1.2.3", "10.20.30-rc.1+build.5"] where !Repository.isValidReferenceName(refPrefix + pattern.name(for: sample)) {
            problem(section, key, "\"\(text)\" cannot be a valid ref name (\(refPrefix)\(pattern.name(for: sample)))")
            return nil
        }
        return pattern
    }

    mutating func path(_ section: String, _ key: String, _ fallback: String) -> String? {
        guard let text = string(section, key, fallback) else { return nil }
        guard !text.isEmpty else {
            problem(section, key, "must not be empty")
            return nil
        }
        return ConfigurationLoader.absolutePath(text, base: directory)
    }

    /// The NAME of an environment variable (`""` allowed only when `fallback` is `""`: none).
    mutating func variableName(_ section: String, _ key: String, _ fallback: String) -> String? {
        guard let name = string(section, key, fallback) else { return nil }
        if name.isEmpty && fallback.isEmpty { return name }
        if name.isEmpty || !name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) || name.hasPrefix("ghp_")
            || name.hasPrefix("github_pat_")
        {
            let example = section == "upstream" ? "\"UPSTREAM_TOKEN\", or \"\" for none" : "\"GITHUB_TOKEN\""
            problem(section, key, "must be the NAME of an environment variable (e.g. \(example)), never a token")
            return nil
        }
        return name
    }

    /// A path that must name a directory (or nothing yet), never a file.
    mutating func directoryPath(_ section: String, _ key: String, _ fallback: String) -> String? {
        guard let resolved = path(section, key, fallback) else { return nil }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory), !isDirectory.boolValue {
            let text = string(section, key, fallback) ?? fallback
            problem(
                section, key,
                "\"\(text)\" is a file (\(resolved)), not a git repository; name the mirror's repository directory, "
                    + "e.g. \"mirror.git\" (created by `release-mirror sync` when missing)")
            return nil
        }
        return resolved
    }

    mutating func relativeTreePath(_ section: String, _ key: String, _ fallback: String) -> String? {
        guard let text = string(section, key, fallback) else { return nil }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard !text.isEmpty, !text.hasPrefix("/"), !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
            problem(section, key, "\"\(text)\" must be a path inside the upstream tree, like packages/node-sdk/package.json")
            return nil
        }
        return text
    }

    /// A path-like URL resolves against the config's directory; real URLs stay as they are.
    func resolveURL(_ url: String) -> String {
        if url.contains("://") || Credentials.host(of: url) != nil { return url }
        return ConfigurationLoader.absolutePath(url, base: directory)
    }
}

/// Finds the line of `[section]` headers and `key =` assignments in the source text, so problems
/// found after parsing can still name their line.
struct KeyLocator {
    private var sections: [String: Int] = [:]
    private var keys: [String: Int] = [:]

    init(_ text: String) {
        var current = ""
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("["), let close = line.firstIndex(of: "]") {
                current = line[line.index(after: line.startIndex)..<close].trimmingCharacters(in: CharacterSet(charactersIn: "[] \t\"'"))
                if sections[current] == nil { sections[current] = index + 1 }
                continue
            }
            guard let equals = line.firstIndex(of: "="), !line.hasPrefix("#") else { continue }
            let key = line[..<equals].trimmingCharacters(in: CharacterSet(charactersIn: " \t\"'"))
            let parts = key.split(separator: ".", maxSplits: 1).map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \t\"'")) }
            let full = current.isEmpty ? (parts.count == 2 ? parts.joined(separator: ".") : key) : "\(current).\(key)"
            if keys[full] == nil { keys[full] = index + 1 }
            if current.isEmpty, parts.count == 2, sections[parts[0]] == nil { sections[parts[0]] = index + 1 }
            if current.isEmpty, parts.count == 1, sections[key] == nil { sections[key] = index + 1 }
        }
    }

    /// The line of `section.key` (or of the section when `key` is empty), 0 when not found.
    func line(section: String, key: String) -> Int {
        if key.isEmpty { return sections[section] ?? 0 }
        return keys["\(section).\(key)"] ?? sections[section] ?? 0
    }
}
