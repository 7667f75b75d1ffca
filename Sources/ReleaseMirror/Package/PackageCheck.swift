/// One check of `release-mirror package` with its verdict and evidence.
public struct PackageCheck: Sendable, Equatable, Codable {
    /// The checks, in the order they run. Raw values are stable (JSON output, tests).
    public enum Kind: String, Sendable, Equatable, Codable, CaseIterable {
        /// The publish tag for the version exists and names a commit.
        case publishTag = "publish-tag"
        /// `--source`'s manifest is byte for byte the one at that commit.
        case manifest
        /// The version rules of `publish-tag`: package name and version agree.
        case version
        /// The mirror's repository URL is the one npm will accept for provenance.
        case repository
        /// The dist directory exists and holds only files and directories.
        case dist
        /// Every file `exports`, `main`, `module`, `types`, `bin` name exists in the dist.
        case entries
        /// No dependency needs upstream's workspace.
        case dependencies
        /// A LICENSE was found.
        case license
        /// The entry exports every `package.require-exports` name, in JavaScript and in types.
        case exports
    }

    /// A check's verdict.
    public enum Status: String, Sendable, Equatable, Codable {
        case pass
        /// Failed: nothing is written.
        case fail
        /// Not applicable, or not evaluated because an earlier check failed.
        case skipped
    }

    public var id: Kind
    public var status: Status
    /// What was found and, on failure, what to do.
    public var evidence: String

    /// Creates a value.
    public init(_ id: Kind, _ status: Status, _ evidence: String) {
        self.id = id
        self.status = status
        self.evidence = evidence
    }
}
