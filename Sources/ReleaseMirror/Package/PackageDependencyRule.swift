/// The dependency check of `release-mirror package` (pure): a dist-only repackage installs from the
/// registry alone, so no dependency left in `dependencies`, `peerDependencies` or
/// `optionalDependencies` may use a local protocol (`workspace:`, `link:`, `file:`, `portal:`,
/// `catalog:`) or name a package of upstream's own workspace: those must have been bundled.
public enum PackageDependencyRule {
    /// The dependency fields a consumer's install resolves.
    public static let fields = ["dependencies", "peerDependencies", "optionalDependencies"]
    /// Version specs that only resolve inside upstream's checkout.
    public static let localProtocols = ["workspace:", "link:", "file:", "portal:", "catalog:"]

    /// One dependency that cannot ship.
    public struct Violation: Sendable, Equatable, CustomStringConvertible {
        public var field: String
        public var name: String
        public var spec: String
        /// Why: the protocol used, or the workspace package named.
        public var reason: String
        public var description: String { "\(field).\(name) = \"\(spec)\" (\(reason))" }
    }

    /// The dependencies of `manifest` that cannot ship; `workspacePackages` are the names of every
    /// package in upstream's repository.
    public static func violations(in manifest: JSONValue, workspacePackages: Set<String>) -> [Violation] {
        var found: [Violation] = []
        for field in fields {
            for (name, value) in manifest[field]?.pairs ?? [] {
                let spec = value.string ?? ""
                if let local = localProtocols.first(where: { spec.hasPrefix($0) }) {
                    found.append(Violation(field: field, name: name, spec: spec, reason: "\(local) resolves only in upstream's workspace"))
                } else if workspacePackages.contains(name) {
                    found.append(Violation(field: field, name: name, spec: spec, reason: "a package of upstream's own workspace"))
                } else if let alias = aliasTarget(spec), workspacePackages.contains(alias) {
                    found.append(Violation(field: field, name: name, spec: spec, reason: "an alias of \(alias), a package of upstream's own workspace"))
                } else if value.string == nil {
                    found.append(Violation(field: field, name: name, spec: "\(value.typeName)", reason: "not a version string"))
                }
            }
        }
        return found
    }

    /// `npm:@scope/name@^1` → `@scope/name`.
    static func aliasTarget(_ spec: String) -> String? {
        guard spec.hasPrefix("npm:") else { return nil }
        let rest = spec.dropFirst(4)
        let searchFrom = rest.hasPrefix("@") ? rest.index(after: rest.startIndex) : rest.startIndex
        let end = rest[searchFrom...].firstIndex(of: "@") ?? rest.endIndex
        return String(rest[..<end])
    }
}
