/// What `release-mirror package` was asked to do.
public struct PackageRequest: Sendable, Equatable {
    /// The publish version (SemVer); its publish tag must exist.
    public var version: String
    /// A checkout of the publish tag's commit after upstream's build (absolute path).
    public var source: String
    /// The package directory to create (absolute path): must not exist, or be empty.
    public var out: String

    /// Creates a request.
    public init(version: String, source: String, out: String) {
        self.version = version
        self.source = source
        self.out = out
    }
}
