/// The NOTICE.md and the generated README.md of a repackaged SDK (pure).
public struct PackageDocuments: Sendable {
    public var name: String
    public var version: String
    public var repository: PackageRepository
    public var provenance: PackageProvenance
    public var licenseFile: String
    /// The upstream manifest's `license` field, when it has one.
    public var license: String?
    public var requireExports: [String]

    /// Creates the documents' inputs.
    public init(
        name: String, version: String, repository: PackageRepository, provenance: PackageProvenance, licenseFile: String,
        license: String?, requireExports: [String]
    ) {
        self.name = name
        self.version = version
        self.repository = repository
        self.provenance = provenance
        self.licenseFile = licenseFile
        self.license = license
        self.requireExports = requireExports
    }

    var sourceLines: [String] {
        [
            "- Upstream: \(provenance.upstream)",
            "- Upstream package: `\(provenance.upstreamPackage)` \(provenance.upstreamVersion)",
            "- Release tag: " + (provenance.releaseTag.map { "`\($0)`" } ?? "(not recorded in the publish tag)"),
            "- Publish tag: `\(provenance.publishTag)`",
            "- Commit: `\(provenance.commit.hex)`",
        ]
    }

    /// NOTICE.md: what this package is, where it came from, whose license applies.
    public func notice() -> String {
        let licence = license.map { "\($0) (see `\(licenseFile)`)" } ?? "see `\(licenseFile)`"
        return ([
            "# Notice",
            "",
            "`\(name)` \(version) is a dist-only repackage of `\(provenance.upstreamPackage)` "
                + "\(provenance.upstreamVersion), built from upstream's own sources and unmodified apart from "
                + "its package.json (name, version, repository and publishing fields). It is published by the "
                + "mirror \(repository.webURL ?? repository.url) and is not affiliated with, endorsed by or supported "
                + "by the authors of `\(provenance.upstreamPackage)`.",
            "",
            "The upstream copyright and license apply to everything in this package: \(licence), copied "
                + "unchanged from upstream.",
            "",
            "## Source",
            "",
        ] + sourceLines + ["", "Packaged by \(provenance.tool)."]).joined(separator: "\n") + "\n"
    }

    /// A short README when `package.readme` is not set.
    public func readme() -> String {
        var lines = [
            "# \(name)",
            "",
            "An unofficial, dist-only repackage of [`\(provenance.upstreamPackage)`](\(provenance.upstream)) "
                + "\(provenance.upstreamVersion), published by its mirror. **Not affiliated with** the authors "
                + "of `\(provenance.upstreamPackage)`; report problems with this package to "
                + "\(repository.webURL.map { $0 + "/issues" } ?? repository.url).",
            "",
            "```sh",
            "npm install \(name)",
            "```",
            "",
        ]
        if !requireExports.isEmpty {
            lines += [
                "```js",
                "import { \(requireExports.joined(separator: ", ")) } from '\(name)';",
                "```",
                "",
            ]
        }
        lines += ["The API is upstream's; see its documentation.", "", "## Source", ""] + sourceLines
        lines += ["", "License: \(license ?? "see `\(licenseFile)`") (upstream's; see `\(licenseFile)` and `NOTICE.md`)."]
        return lines.joined(separator: "\n") + "\n"
    }
}
