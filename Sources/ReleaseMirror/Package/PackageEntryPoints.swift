/// The files a package manifest points at (pure): every `exports` target, `main`, `module`,
/// `types`, `typings`, `bin` and `browser`, and the root entry as Node's `import` and as
/// TypeScript resolve it. `exports` conditions are matched in the object's key order, as Node does.
public struct PackageEntryPoints: Sendable, Equatable {
    /// One file the manifest names: the field it came from (`exports["."].import`, `main` …) and
    /// the path relative to the package (no leading `./`; `*` marks a subpath pattern).
    public struct Target: Sendable, Equatable {
        public var field: String
        public var path: String
    }

    /// Every file target, in manifest order.
    public let targets: [Target]
    /// The root entry Node loads for `import '<name>'`.
    public let importTarget: String?
    /// The declarations TypeScript reads for it.
    public let typesTarget: String?

    static let importConditions: Set<String> = ["import", "node", "module-sync", "default"]
    static let typesConditions: Set<String> = ["types", "import", "node", "default"]

    /// Reads the entry points of `manifest`.
    public init(manifest: JSONValue) {
        var targets: [Target] = []
        if let exports = manifest["exports"] { PackageEntryPoints.collect(exports, field: "exports", into: &targets) }
        for key in ["main", "module", "types", "typings", "browser"] {
            if let path = manifest[key]?.string { targets.append(Target(field: key, path: PackageEntryPoints.relative(path))) }
        }
        if let bin = manifest["bin"] {
            if let path = bin.string { targets.append(Target(field: "bin", path: PackageEntryPoints.relative(path))) }
            for (name, value) in bin.pairs ?? [] {
                if let path = value.string { targets.append(Target(field: "bin.\(name)", path: PackageEntryPoints.relative(path))) }
            }
        }
        self.targets = targets
        let root = manifest["exports"].flatMap(PackageEntryPoints.rootEntry)
        if let root {
            importTarget = PackageEntryPoints.resolve(root, PackageEntryPoints.importConditions).map(PackageEntryPoints.relative)
            typesTarget = PackageEntryPoints.resolve(root, PackageEntryPoints.typesConditions).map {
                PackageEntryPoints.declarations(for: PackageEntryPoints.relative($0))
            }
        } else {
            importTarget = (manifest["module"]?.string ?? manifest["main"]?.string).map(PackageEntryPoints.relative)
            typesTarget = (manifest["types"]?.string ?? manifest["typings"]?.string).map(PackageEntryPoints.relative)
        }
    }

    /// `./dist/x.mjs` → `dist/x.mjs`.
    static func relative(_ path: String) -> String {
        path.hasPrefix("./") ? String(path.dropFirst(2)) : path
    }

    /// The declaration file TypeScript pairs with a JavaScript file (`x.mjs` → `x.d.mts`).
    static func declarations(for path: String) -> String {
        for (js, dts) in [(".mjs", ".d.mts"), (".cjs", ".d.cts"), (".js", ".d.ts")] where path.hasSuffix(js) {
            return String(path.dropLast(js.count)) + dts
        }
        return path
    }

    /// `exports["."]` when `exports` is a subpath map, else `exports` itself (a target or conditions).
    static func rootEntry(_ exports: JSONValue) -> JSONValue? {
        guard let pairs = exports.pairs else { return exports }
        if pairs.contains(where: { $0.0.hasPrefix(".") }) { return exports["."] }
        return exports
    }

    /// The first target `value` resolves to under `conditions` (object keys in order; arrays are fallbacks).
    static func resolve(_ value: JSONValue, _ conditions: Set<String>) -> String? {
        switch value {
        case .string(let path): return path
        case .array(let items): return items.lazy.compactMap { resolve($0, conditions) }.first
        case .object(let pairs):
            for (key, item) in pairs where conditions.contains(key) {
                if let found = resolve(item, conditions) { return found }
            }
            return nil
        default: return nil
        }
    }

    static func collect(_ value: JSONValue, field: String, into targets: inout [Target]) {
        switch value {
        case .string(let path): targets.append(Target(field: field, path: relative(path)))
        case .array(let items):
            for (index, item) in items.enumerated() { collect(item, field: "\(field)[\(index)]", into: &targets) }
        case .object(let pairs):
            for (key, item) in pairs { collect(item, field: "\(field)[\"\(key)\"]", into: &targets) }
        default: break
        }
    }
}
