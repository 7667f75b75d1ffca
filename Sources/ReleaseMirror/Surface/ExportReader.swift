/// Reads the exported names of a JavaScript or TypeScript entry file from a `SourceFiles`
/// (blobs of a commit, or a directory on disk), without running anything.
///
/// ```swift
/// let files = GitTreeFiles(repository: repository, commit: commit, label: "v1.2.0")
/// let surface = ExportReader(source: files).exports(entry: "packages/node-sdk/src/index.ts")
/// surface.names     // ["Client", "ClientOptions", "default", …]
/// surface.opaque    // ["* from '@moonshot-ai/agent-core'"]
/// surface.warnings  // ["packages/node-sdk/src/index.ts:4: export * from './gone': no file …"]
/// ```
///
/// What counts is described on `ModuleExportParser`; comments, strings, template and regular
/// expression literals are skipped. `export * from` and `export type * from` are followed within
/// the source: relative specifiers, and `#…` specifiers through the `imports` map of the nearest
/// package.json above the importing file (array targets tried in order). A specifier resolves to
/// the first existing file among its spellings (`./x.js` → `x.ts`, `x.tsx`, `x.d.ts`, `x.js`;
/// `./x` → `x.ts`, …, `x/index.ts`, …; `./x.mjs` from a `.d.mts` → `x.d.mts` first; see
/// `SpecifierResolver`). `export * from '<other package>'` is not followed: it is one opaque entry.
/// Cycles terminate (each file is read once); a missing or unreadable file is a warning naming
/// it, never an error.
public final class ExportReader {
    /// Where files are read from.
    public let source: any SourceFiles
    let cache: ExportParseCache
    private var packageRoots: [String: String?] = [:]

    /// Creates a reader over `source`; pass one `cache` to readers of many commits.
    public init(source: any SourceFiles, cache: ExportParseCache = ExportParseCache()) {
        self.source = source
        self.cache = cache
    }

    /// The surface of `entry` (a normalised path in the source, e.g. `packages/node-sdk/src/index.ts`).
    public func exports(entry: String) -> ExportSurface {
        guard source.exists(entry) else {
            return ExportSurface(entry: entry, found: false, warnings: ["entry \(entry) does not exist at \(source.origin)"])
        }
        var names: [String] = []
        var opaque: [String] = []
        var warnings: [String] = []
        var visited: Set<String> = [entry]
        var queue = [entry]
        var next = 0
        while next < queue.count {
            let file = queue[next]
            next += 1
            guard let module = module(file) else {
                warnings.append("\(file) cannot be read at \(source.origin) (too large or not a regular file)")
                continue
            }
            names += file == entry ? module.names : module.names.filter { $0 != "default" }
            for star in module.stars {
                switch resolve(star.specifier, importer: file) {
                case .package(let name):
                    opaque.append("* from '\(name)'")
                case .unresolvable(let why):
                    warnings.append("\(file):\(star.line): export * from '\(star.specifier)': \(why)")
                case .files(let candidates):
                    guard let found = candidates.first(where: source.exists) else {
                        warnings.append(
                            "\(file):\(star.line): export * from '\(star.specifier)': no file at \(source.origin) (tried "
                                + candidates.prefix(8).joined(separator: ", ") + (candidates.count > 8 ? ", …" : "") + ")")
                        continue
                    }
                    if visited.insert(found).inserted { queue.append(found) }
                }
            }
        }
        return ExportSurface(entry: entry, found: true, names: names, opaque: opaque, files: queue, warnings: warnings)
    }

    /// The parsed exports of `path`, from the cache when its content key is known.
    func module(_ path: String) -> ModuleExports? {
        let key = source.contentKey(path)
        if let key, let known = cache.modules[key] { return known }
        guard let bytes = source.read(path) else { return nil }
        let parsed = ModuleExportParser.parse(bytes)
        if let key { cache.modules[key] = parsed }
        return parsed
    }

    /// Resolves a specifier written in `importer` against the nearest package.json's imports map.
    func resolve(_ specifier: String, importer: String) -> SpecifierResolver.Target {
        let root = packageRoot(of: SpecifierResolver.directory(of: importer))
        var imports = ImportsMap()
        if specifier.hasPrefix("#"), let root {
            imports = importsMap(root.isEmpty ? "package.json" : root + "/package.json")
        }
        return SpecifierResolver.resolve(specifier, importer: importer, packageRoot: root ?? "", imports: imports)
    }

    /// The nearest directory at or above `directory` holding a package.json (`""` is the root),
    /// or `nil` when there is none.
    func packageRoot(of directory: String) -> String? {
        if let known = packageRoots[directory] { return known }
        let manifest = directory.isEmpty ? "package.json" : directory + "/package.json"
        let root: String?
        if source.exists(manifest) {
            root = directory
        } else if directory.isEmpty {
            root = nil
        } else {
            root = packageRoot(of: SpecifierResolver.directory(of: directory))
        }
        packageRoots[directory] = root
        return root
    }

    func importsMap(_ manifest: String) -> ImportsMap {
        let key = source.contentKey(manifest)
        if let key, let known = cache.importMaps[key] { return known }
        let map = source.read(manifest).map(ImportsMap.parse) ?? ImportsMap()
        if let key { cache.importMaps[key] = map }
        return map
    }
}
