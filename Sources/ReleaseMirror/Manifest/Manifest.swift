public import Git

/// What `publish.manifest` says at one commit: the package's name and version, read from the
/// manifest file in the commit's tree (never from a checkout).
public struct Manifest: Sendable, Equatable, Codable {
    /// The `name` field, when present.
    public var name: String?
    /// The `version` field.
    public var version: SemanticVersion
    /// The manifest file's blob.
    public var blob: ObjectID

    /// Creates a value.
    public init(name: String?, version: SemanticVersion, blob: ObjectID) {
        self.name = name
        self.version = version
        self.blob = blob
    }
}
