public import Git

/// What `release-mirror package` checked and wrote.
public struct PackageResult: Sendable, Equatable, Encodable {
    /// How the run ended.
    public enum Outcome: String, Sendable, Equatable, Codable {
        /// Every check passed; the package directory was written.
        case packaged
        /// A check failed: nothing was written to `--out`.
        case refused
    }

    /// One file of the package.
    public struct File: Sendable, Equatable, Encodable {
        /// Relative to the package directory.
        public var path: String
        public var size: Int
    }

    /// The npm name and version packaged.
    public var name: String
    public var version: String
    /// The npm dist-tag to publish under (`package.dist-tag`, or `package.suffix-dist-tag` for a
    /// version carrying `publish.allow-suffix`).
    public var distTag: String
    /// The publish tag checked, and its commit when it exists.
    public var publishTag: String
    public var commit: ObjectID?
    /// Where it came from, when the checks got that far.
    public var provenance: PackageProvenance?
    /// Every check, in order.
    public var checks: [PackageCheck]
    public var outcome: Outcome
    /// The package directory written (absolute), when packaged.
    public var directory: String?
    /// Its files, sorted by path, and their total size in bytes.
    public var files: [File]
    public var totalSize: Int { files.reduce(0) { $0 + $1.size } }

    /// The checks that failed.
    public var failed: [PackageCheck] { checks.filter { $0.status == .fail } }

    /// 5 when refused, else 0.
    public var exitStatus: ExitStatus { outcome == .refused ? .checkFailed : .success }

    enum CodingKeys: String, CodingKey {
        case name, version, commit, provenance, checks, outcome, directory, files
        case distTag = "dist_tag"
        case publishTag = "publish_tag"
        case totalSize = "total_size"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(version, forKey: .version)
        try container.encode(distTag, forKey: .distTag)
        try container.encode(publishTag, forKey: .publishTag)
        try container.encode(commit, forKey: .commit)
        try container.encode(provenance, forKey: .provenance)
        try container.encode(checks, forKey: .checks)
        try container.encode(outcome, forKey: .outcome)
        try container.encode(directory, forKey: .directory)
        try container.encode(files, forKey: .files)
        try container.encode(totalSize, forKey: .totalSize)
    }
}
