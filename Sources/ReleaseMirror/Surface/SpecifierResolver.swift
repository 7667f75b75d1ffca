/// Turns a module specifier in a file into the file it names (pure: no I/O; the caller checks
/// which candidate exists). Relative specifiers (`./x`, `../y`) resolve against the importing
/// file; `#…` through the package's `imports` map; anything else is another package.
enum SpecifierResolver {
    /// What a specifier names.
    enum Target: Sendable, Equatable {
        /// Files in the same source, in the order to try.
        case files([String])
        /// Another package (`@scope/pkg`, `pkg/sub`, `node:fs`): not followed.
        case package(String)
        /// A `#…` specifier no key of the imports map matches, or a path leaving the root.
        case unresolvable(String)
    }

    /// Extensions recognised on a specifier, longest first.
    static let knownExtensions = [".d.mts", ".d.cts", ".d.ts", ".mts", ".cts", ".tsx", ".ts", ".mjs", ".cjs", ".jsx", ".js"]

    /// The candidates for `specifier` written in `importer`; `packageRoot` is the directory of the
    /// package.json whose `imports` map applies (`""` for the root).
    static func resolve(_ specifier: String, importer: String, packageRoot: String, imports: ImportsMap) -> Target {
        if specifier.hasPrefix("./") || specifier.hasPrefix("../") || specifier == "." || specifier == ".." {
            guard let path = normalise(directory(of: importer), specifier) else {
                return .unresolvable("'\(specifier)' leaves the source root")
            }
            return .files(candidates(path, importer: importer))
        }
        if specifier.hasPrefix("#") {
            guard let targets = imports.targets(for: specifier) else {
                return .unresolvable("no key of the package.json imports map matches '\(specifier)'")
            }
            var files: [String] = []
            for target in targets {
                guard target.hasPrefix("./") else {
                    if files.isEmpty { return .package(target) }  // the map points at another package
                    continue
                }
                if let path = normalise(packageRoot, target) { files += candidates(path, importer: importer) }
            }
            return files.isEmpty ? .unresolvable("the imports map sends '\(specifier)' nowhere inside the package") : .files(files)
        }
        if specifier.hasPrefix("/") { return .unresolvable("absolute path '\(specifier)'") }
        return .package(specifier)
    }

    /// The files to try for `path`: the spelling that fits the importing file first (declarations
    /// for a `.d.ts`/`.d.mts`, TypeScript for a `.ts`, JavaScript for a `.js`/`.mjs`), then the
    /// others; `index` files for a directory-like path.
    static func candidates(_ path: String, importer: String) -> [String] {
        let style = Style(importer)
        guard let ext = knownExtensions.first(where: { path.hasSuffix($0) }) else {
            let bare: (String) -> [String] = { base in
                style.order(ts: [".ts", ".tsx", ".mts"], declarations: [".d.ts", ".d.mts"], js: [".mjs", ".js"]).map { base + $0 }
            }
            return unique([path] + bare(path) + bare(path + "/index"))
        }
        if ext.hasPrefix(".d.") || [".ts", ".tsx", ".mts", ".cts"].contains(ext) { return [path] }
        let stem = String(path.dropLast(ext.count))
        let family: (ts: [String], declarations: [String], js: [String])
        switch ext {
        case ".mjs": family = ([".mts"], [".d.mts"], [".mjs"])
        case ".cjs": family = ([".cts"], [".d.cts"], [".cjs"])
        case ".jsx": family = ([".tsx"], [".d.ts"], [".jsx"])
        default: family = ([".ts", ".tsx"], [".d.ts"], [".js"])
        }
        return style.order(ts: family.ts, declarations: family.declarations, js: family.js).map { stem + $0 }
    }

    /// Which spelling an importing file prefers.
    enum Style {
        case declarations, typescript, javascript

        init(_ importer: String) {
            if [".d.ts", ".d.mts", ".d.cts"].contains(where: importer.hasSuffix) {
                self = .declarations
            } else if [".ts", ".tsx", ".mts", ".cts"].contains(where: importer.hasSuffix) {
                self = .typescript
            } else {
                self = .javascript
            }
        }

        func order(ts: [String], declarations: [String], js: [String]) -> [String] {
            switch self {
            case .declarations: return declarations + ts + js
            case .typescript: return ts + declarations + js
            case .javascript: return js + ts + declarations
            }
        }
    }

    /// The directory of `path` (`""` at the root).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// `relative` joined to `directory` with `.` and `..` resolved; `nil` when it climbs above the root.
    static func normalise(_ directory: String, _ relative: String) -> String? {
        var parts = directory.split(separator: "/").map(String.init)
        for part in relative.split(separator: "/") {
            switch part {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(String(part))
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }

    private static func unique(_ paths: [String]) -> [String] {
        var seen = Set<String>()
        return paths.filter { seen.insert($0).inserted }
    }
}
