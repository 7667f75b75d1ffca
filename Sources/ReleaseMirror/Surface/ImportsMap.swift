import Foundation

/// A package's `imports` map (package.json): subpath imports such as `"#/*": ["./src/*.ts",
/// "./src/*/index.ts"]`. Keys are exact (`"#config"`) or hold one `*`; a target is a string, an
/// array of targets tried in order, or an object of conditions (tried in the order `types`,
/// `import`, `module`, `node`, `default`, `require`, then any other key by name). `null` targets
/// block a key.
struct ImportsMap: Sendable, Equatable {
    /// One key and its targets, flattened in the order they are tried.
    struct Rule: Sendable, Equatable {
        var key: String
        var targets: [String]
    }

    /// The rules, as read.
    var rules: [Rule] = []

    private static let conditionOrder = ["types", "import", "module", "node", "default", "require"]

    /// The map in package.json bytes; an empty map when the file has none or is not JSON.
    static func parse(_ bytes: [UInt8]) -> ImportsMap {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
            let imports = object["imports"] as? [String: Any]
        else { return ImportsMap() }
        let rules = imports.keys.sorted().map { Rule(key: $0, targets: targets(imports[$0] as Any)) }
        return ImportsMap(rules: rules)
    }

    /// A target value flattened to the strings tried, in order.
    static func targets(_ value: Any) -> [String] {
        if let text = value as? String { return [text] }
        if let array = value as? [Any] { return array.flatMap(targets) }
        if let conditions = value as? [String: Any] {
            let keys = conditionOrder.filter { conditions[$0] != nil } + conditions.keys.filter { !conditionOrder.contains($0) }.sorted()
            return keys.flatMap { targets(conditions[$0] as Any) }
        }
        return []
    }

    /// The targets for `specifier` (`#/client`): an exact key, else the pattern with the longest
    /// part before its `*`, with `*` replaced by what it matched. `nil` when no key matches.
    func targets(for specifier: String) -> [String]? {
        if let exact = rules.first(where: { $0.key == specifier && !$0.key.contains("*") }) { return exact.targets }
        var best: (prefix: Int, rule: Rule, match: String)?
        for rule in rules {
            let parts = rule.key.split(separator: "*", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { continue }
            let prefix = String(parts[0])
            let suffix = String(parts[1])
            guard specifier.count >= prefix.count + suffix.count, specifier.hasPrefix(prefix), specifier.hasSuffix(suffix) else {
                continue
            }
            let match = String(specifier.dropFirst(prefix.count).dropLast(suffix.count))
            if best == nil || prefix.count > best?.prefix ?? 0 { best = (prefix.count, rule, match) }
        }
        guard let best else { return nil }
        return best.rule.targets.map { $0.replacingOccurrences(of: "*", with: best.match) }
    }
}
