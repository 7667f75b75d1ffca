/// Rewrites upstream's package manifest into the mirror's (pure): the mirror's name, version,
/// description, repository, homepage and bugs; upstream's `publishConfig` overrides applied (as
/// pnpm does at publish time: `exports`, `main`, `types` …), else `exports`, `main`, `module` and
/// `types` pointing into the dist; no `private`, `devDependencies` or `scripts`; `publishConfig`
/// `{access: public, provenance: true}`; `files` = the dist plus LICENSE, NOTICE.md and README.md;
/// and a `releaseMirror` block recording upstream, the release tag and the commit.
public struct PackageManifestRewriter: Sendable {
    /// The `[package]` settings.
    public var settings: Configuration.Package
    /// The mirror repository's URL (see `PackageRepository`).
    public var repository: PackageRepository
    /// The license file shipped (its name in the package).
    public var licenseFile: String
    /// Where it came from.
    public var provenance: PackageProvenance

    /// Keys of upstream's `publishConfig` that configure the registry, not the manifest.
    static let registryKeys: Set<String> = ["access", "registry", "tag", "provenance", "directory", "linkDirectory", "executableFiles"]
    /// Fields that point into the package and come from the dist when upstream's publishConfig lacks them.
    static let entryKeys = ["main", "module", "types", "typings"]

    /// Creates a rewriter.
    public init(settings: Configuration.Package, repository: PackageRepository, licenseFile: String, provenance: PackageProvenance) {
        self.settings = settings
        self.repository = repository
        self.licenseFile = licenseFile
        self.provenance = provenance
    }

    /// The default `exports` when upstream's `publishConfig` has none.
    public func defaultExports() -> JSONValue {
        .object([(".", .object([("types", .string("./\(settings.dist)/index.d.mts")), ("import", .string("./\(settings.dist)/index.mjs"))]))])
    }

    /// The mirror's manifest for `version`, from upstream's manifest object.
    public func rewrite(_ upstream: JSONValue, version: String) -> JSONValue {
        var manifest = upstream
        let publishConfig = upstream["publishConfig"]?.pairs ?? []
        for (key, value) in publishConfig where !PackageManifestRewriter.registryKeys.contains(key) {
            manifest = manifest.setting(key, value)
        }
        let overridden = Set(publishConfig.map(\.0))
        let exports = overridden.contains("exports") ? manifest["exports"] ?? defaultExports() : defaultExports()
        manifest = manifest.setting("exports", exports)
        let entries = PackageEntryPoints(manifest: manifest)
        let derived: [String: String?] = [
            "main": entries.importTarget, "module": entries.importTarget, "types": entries.typesTarget, "typings": nil,
        ]
        for key in PackageManifestRewriter.entryKeys where !overridden.contains(key) {
            if let path = derived[key] ?? nil {
                manifest = manifest.setting(key, .string("./" + path))
            } else {
                manifest = manifest.removing(key)
            }
        }
        manifest = manifest.setting("name", .string(settings.name))
            .setting("version", .string(version))
            .setting("description", .string(settings.description ?? defaultDescription))
            .setting("repository", .object([("type", .string("git")), ("url", .string(repository.manifestURL))]))
        if let homepage = settings.homepage ?? repository.webURL.map({ $0 + "#readme" }) {
            manifest = manifest.setting("homepage", .string(homepage))
        } else {
            manifest = manifest.removing("homepage")
        }
        if let web = repository.webURL {
            manifest = manifest.setting("bugs", .object([("url", .string(web + "/issues"))]))
        } else {
            manifest = manifest.removing("bugs")
        }
        for key in ["private", "devDependencies", "scripts"] { manifest = manifest.removing(key) }
        let files = [settings.dist, licenseFile, "NOTICE.md", "README.md"].map(JSONValue.string)
        return manifest
            .setting("files", .array(files))
            .setting("publishConfig", .object([("access", .string("public")), ("provenance", .bool(true))]))
            .setting("releaseMirror", provenance.manifestBlock)
    }

    /// `"<upstream package> <version> (<release tag>), repackaged by its mirror"`, when no description is configured.
    var defaultDescription: String {
        let from = provenance.releaseTag.map { " (\($0))" } ?? ""
        return "\(provenance.upstreamPackage) \(provenance.upstreamVersion)\(from), repackaged by its mirror"
    }
}
