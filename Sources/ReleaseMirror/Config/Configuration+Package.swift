extension Configuration {
    /// `[package]`: how `release-mirror package` repackages upstream's built SDK for npm under the
    /// mirror's own name. Present only when `package.name` is set (it enables the command).
    public struct Package: Sendable, Equatable {
        /// The npm name the package is published under, e.g. `@botiverse/kimi-code-sdk`.
        public var name: String
        /// The package directory inside the upstream tree (default: `publish.manifest`'s directory;
        /// `""` is the repository root).
        public var directory: String
        /// The build output directory inside the package directory, shipped as it is.
        public var dist: String
        /// The mirror's repository URL, when set; else taken from `GITHUB_SERVER_URL`/`GITHUB_REPOSITORY`.
        public var repository: String?
        /// The package description, when set; else one naming upstream.
        public var description: String?
        /// The homepage, when set; else the mirror repository's page.
        public var homepage: String?
        /// Names the built entry must export (both its JavaScript and its type declarations).
        public var requireExports: [String]
        /// The npm dist-tag of plain mirror versions.
        public var distTag: String
        /// The npm dist-tag of versions carrying `publish.allow-suffix`.
        public var suffixDistTag: String
        /// A README file (absolute path) shipped instead of the generated one.
        public var readme: String?

        /// The dist-tag `version` is published under: `suffixDistTag` when it is `base` plus
        /// `publish.allow-suffix` (an extra publish of one source), else `distTag`.
        public func distTag(for version: String, base: String, rule: PublishVersionRule) -> String {
            if case .suffixed = rule.compare(version, base: base) { return suffixDistTag }
            return distTag
        }

        /// Creates a value.
        public init(
            name: String, directory: String, dist: String = "dist", repository: String? = nil, description: String? = nil,
            homepage: String? = nil, requireExports: [String] = [], distTag: String = "latest",
            suffixDistTag: String = "next", readme: String? = nil
        ) {
            self.name = name
            self.directory = directory
            self.dist = dist
            self.repository = repository
            self.description = description
            self.homepage = homepage
            self.requireExports = requireExports
            self.distTag = distTag
            self.suffixDistTag = suffixDistTag
            self.readme = readme
        }
    }
}
