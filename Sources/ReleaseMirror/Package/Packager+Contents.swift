import Foundation
internal import Git

extension Packager {
    /// Every file the rewritten manifest names is in the dist (or is the manifest itself).
    func checkEntries(
        _ entries: PackageEntryPoints?, settings: Configuration.Package, listing: PackageSourceTree.Listing?,
        into evaluation: inout Evaluation
    ) {
        guard let entries, let listing else {
            evaluation.add(.entries, .skipped, "not checked: no manifest or no dist")
            return
        }
        var problems: [String] = []
        for target in entries.targets {
            let path = target.path
            if path == "package.json" { continue }
            guard path.hasPrefix(settings.dist + "/"), !path.split(separator: "/").contains("..") else {
                problems.append("\(target.field) → \(path) is outside \(settings.dist)/ (only the dist ships)")
                continue
            }
            if let star = path.firstIndex(of: "*") {
                let prefix = path[..<star], suffix = path[path.index(after: star)...]
                if !listing.files.keys.contains(where: { $0.hasPrefix(prefix) && $0.hasSuffix(suffix) }) {
                    problems.append("\(target.field) → \(path) matches no file")
                }
            } else if listing.files[path] == nil {
                problems.append("\(target.field) → \(path): no such file")
            }
        }
        if entries.targets.isEmpty { problems.append("the manifest names no entry point") }
        if problems.isEmpty {
            let root = [entries.importTarget.map { "import \($0)" }, entries.typesTarget.map { "types \($0)" }].compactMap { $0 }
            evaluation.add(.entries, .pass, "\(entries.targets.count) target(s) present; root: \(root.joined(separator: ", "))")
        } else {
            evaluation.add(
                .entries, .fail,
                problems.prefix(8).joined(separator: "; ") + (problems.count > 8 ? "; … \(problems.count - 8) more" : ""))
        }
    }

    /// No dependency uses a local protocol or names a package of upstream's repository.
    func checkDependencies(
        _ manifest: JSONValue?, commit: ObjectID, settings: Configuration.Package, into evaluation: inout Evaluation
    ) throws(GitError) {
        guard let manifest else {
            evaluation.add(.dependencies, .skipped, "not checked: the manifest could not be read")
            return
        }
        let own = Set([configuration.publish.manifest, settings.directory.isEmpty ? "package.json" : settings.directory + "/package.json"])
        var workspace: Set<String> = []
        for (path, blob) in try repository.files(named: "package.json", at: commit) where !own.contains(path) {
            guard !path.split(separator: "/").contains("node_modules"),
                let bytes = try? repository.blob(blob, limit: ManifestReader.defaultLimit),
                let name = (try? JSONParser.parse(bytes))?["name"]?.string
            else { continue }
            workspace.insert(name)
        }
        let violations = PackageDependencyRule.violations(in: manifest, workspacePackages: workspace)
        let count = PackageDependencyRule.fields.reduce(0) { $0 + (manifest[$1]?.pairs?.count ?? 0) }
        if violations.isEmpty {
            evaluation.add(
                .dependencies, .pass,
                "\(count) runtime dependenc\(count == 1 ? "y" : "ies"), none local or of upstream's workspace (\(workspace.count) package(s) in it)")
        } else {
            evaluation.add(
                .dependencies, .fail,
                violations.map(\.description).joined(separator: "; ")
                    + ": a dist-only package installs from the registry alone; upstream's build must bundle these")
        }
    }

    /// Every `require-exports` name is exported by the root `import` target and by its `types` target,
    /// read with the export reader (`ExportReader`) from the package directory, following the
    /// dist's own re-exports.
    func checkExports(
        _ entries: PackageEntryPoints?, settings: Configuration.Package, source: PackageSourceTree,
        listing: PackageSourceTree.Listing?, into evaluation: inout Evaluation
    ) {
        let required = settings.requireExports
        guard !required.isEmpty else {
            evaluation.add(.exports, .skipped, "package.require-exports is empty")
            return
        }
        guard let entries, let listing else {
            evaluation.add(.exports, .skipped, "not checked: no manifest or no dist")
            return
        }
        let reader = ExportReader(source: DirectoryFiles(root: source.packagePath))
        var problems: [String] = []
        for (label, target) in [("import", entries.importTarget), ("types", entries.typesTarget)] {
            guard let target else {
                problems.append("the manifest has no root \(label) target")
                continue
            }
            guard listing.files[target] != nil else {
                problems.append("\(label) target \(target) is not in the dist")
                continue
            }
            let scan = reader.exports(entry: target)
            let names = Set(scan.names)
            let missing = required.filter { !names.contains($0) }
            guard !missing.isEmpty else { continue }
            var line = "\(target) (\(label)) does not export \(missing.joined(separator: ", "))"
            if !scan.opaque.isEmpty { line += " (it re-exports \(scan.opaque.joined(separator: ", ")) wholesale, which is not read)" }
            if !scan.warnings.isEmpty { line += " [\(scan.warnings.joined(separator: "; "))]" }
            problems.append(line)
        }
        if problems.isEmpty {
            let targets = [entries.importTarget, entries.typesTarget].compactMap { $0 }.joined(separator: " and ")
            evaluation.add(.exports, .pass, "\(targets) export \(required.joined(separator: ", "))")
        } else {
            evaluation.add(.exports, .fail, problems.joined(separator: "; ") + ": consumers rely on these names")
        }
    }
}
