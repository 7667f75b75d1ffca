public import Git

/// Where a package came from: recorded in its manifest (`releaseMirror`), its NOTICE.md and its README.
public struct PackageProvenance: Sendable, Equatable, Codable {
    /// Upstream's repository URL (credentials removed).
    public var upstream: String
    /// Upstream's package name and version, from its manifest.
    public var upstreamPackage: String
    public var upstreamVersion: String
    /// The release (mirror) tag the publish tag was made from, when its message says.
    public var releaseTag: String?
    /// The publish tag.
    public var publishTag: String
    /// The commit built.
    public var commit: ObjectID
    /// The tool that packaged it.
    public var tool: String

    enum CodingKeys: String, CodingKey {
        case upstream, commit, tool
        case upstreamPackage = "upstream_package"
        case upstreamVersion = "upstream_version"
        case releaseTag = "release_tag"
        case publishTag = "publish_tag"
    }

    /// Creates a value.
    public init(
        upstream: String, upstreamPackage: String, upstreamVersion: String, releaseTag: String?, publishTag: String,
        commit: ObjectID, tool: String = "release-mirror " + RunEnvironment.toolVersion
    ) {
        self.upstream = PackageProvenance.withoutCredentials(upstream)
        self.upstreamPackage = upstreamPackage
        self.upstreamVersion = upstreamVersion
        self.releaseTag = releaseTag
        self.publishTag = publishTag
        self.commit = commit
        self.tool = tool
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(upstream, forKey: .upstream)
        try container.encode(upstreamPackage, forKey: .upstreamPackage)
        try container.encode(upstreamVersion, forKey: .upstreamVersion)
        try container.encode(releaseTag, forKey: .releaseTag)
        try container.encode(publishTag, forKey: .publishTag)
        try container.encode(commit, forKey: .commit)
        try container.encode(tool, forKey: .tool)
    }

    /// The manifest's `releaseMirror` block.
    public var manifestBlock: JSONValue {
        .object([
            ("upstream", .string(upstream)),
            ("upstreamPackage", .string(upstreamPackage)),
            ("upstreamVersion", .string(upstreamVersion)),
            ("releaseTag", releaseTag.map(JSONValue.string) ?? .null),
            ("publishTag", .string(publishTag)),
            ("commit", .string(commit.hex)),
            ("packagedBy", .string(tool)),
        ])
    }

    /// `https://user:token@host/x` → `https://host/x`.
    static func withoutCredentials(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        let hostEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        guard let at = rest[..<hostEnd].lastIndex(of: "@") else { return url }
        return String(url[..<scheme.upperBound]) + rest[rest.index(after: at)...]
    }
}
