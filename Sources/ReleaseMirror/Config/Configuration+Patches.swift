extension Configuration {
    /// `[patches]`: local fixes stacked on a release, on branches named by `branch`, registered
    /// in a managed table of `registry`.
    public struct Patches: Sendable, Equatable {
        /// The patch branch pattern, e.g. `patch/{name}`.
        public var branch: NamePattern
        /// The file holding the patch registry table (absolute path).
        public var registry: String

        /// Creates a value.
        public init(branch: NamePattern, registry: String) {
            self.branch = branch
            self.registry = registry
        }

        /// The default `patches.branch`.
        public static let defaultBranch = "patch/{name}"
        /// The placeholder of `patches.branch`.
        public static let placeholder = "{name}"
    }
}
