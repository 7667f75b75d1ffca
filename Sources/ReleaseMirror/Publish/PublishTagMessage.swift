public import Git

/// The message of an annotated publish tag: a summary line, then `Key: value` fields recording
/// where the publish came from (source tag, commit, manifest version, smoke result, and whether
/// `--allow-unverified` was used). `ledger update` and `audit` read the source tag back from it.
public struct PublishTagMessage: Sendable, Equatable, Codable {
    /// The publish tag's short name.
    public var publishTag: String
    /// The mirror tag published from.
    public var sourceTag: String
    /// Its peeled commit.
    public var commit: ObjectID
    /// The manifest path.
    public var manifest: String
    /// The manifest's `version` at the commit.
    public var manifestVersion: String
    /// The manifest's `name`, when present.
    public var packageName: String?
    /// The smoke result, e.g. `passed (2026-01-01T04:17:00Z, 93.2 s)` or `none`.
    public var smoke: String
    /// Whether `--allow-unverified` was used.
    public var allowUnverified: Bool
    /// The tool version that wrote the tag.
    public var toolVersion: String
    /// The patch branch published from (its tip is `commit`; `sourceTag` is its base), if any.
    public var patchBranch: String?

    /// Creates a value.
    public init(
        publishTag: String, sourceTag: String, commit: ObjectID, manifest: String, manifestVersion: String,
        packageName: String?, smoke: String, allowUnverified: Bool, toolVersion: String = RunEnvironment.toolVersion,
        patchBranch: String? = nil
    ) {
        self.patchBranch = patchBranch
        self.publishTag = publishTag
        self.sourceTag = sourceTag
        self.commit = commit
        self.manifest = manifest
        self.manifestVersion = manifestVersion
        self.packageName = packageName
        self.smoke = smoke
        self.allowUnverified = allowUnverified
        self.toolVersion = toolVersion
    }

    /// The tag message.
    public func rendered() -> String {
        var lines = [
            "\(publishTag): \(packageName ?? manifest) \(manifestVersion) from \(sourceTag)\(patchBranch.map { " (\($0))" } ?? "")",
            "",
            "Source-Tag: \(sourceTag)",
        ]
        if let patchBranch { lines.append("Patch-Branch: \(patchBranch)") }
        lines += [
            "Source-Commit: \(commit.hex)",
            "Manifest: \(manifest)",
            "Manifest-Version: \(manifestVersion)",
        ]
        if let packageName { lines.append("Package: \(packageName)") }
        lines.append("Smoke: \(smoke)")
        if allowUnverified { lines.append("Allow-Unverified: yes (published with --allow-unverified)") }
        lines.append("Published-By: release-mirror \(toolVersion)")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The `Key: value` fields of any tag message (later keys win).
    public static func fields(of message: String) -> [String: String] {
        var result: [String: String] = [:]
        for line in message.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else { continue }
            let key = line[..<colon]
            guard key.allSatisfy({ $0.isLetter || $0 == "-" }) else { continue }
            result[String(key)] = line[line.index(after: colon)...].trimmingPrefix(" ").description
        }
        return result
    }

    /// Parses a message written by `rendered()`; `nil` for any other tag message.
    public static func parse(_ message: String, publishTag: String) -> PublishTagMessage? {
        let fields = fields(of: message)
        guard let source = fields["Source-Tag"], let hex = fields["Source-Commit"], let commit = ObjectID(hex: hex) else {
            return nil
        }
        return PublishTagMessage(
            publishTag: publishTag, sourceTag: source, commit: commit, manifest: fields["Manifest"] ?? "",
            manifestVersion: fields["Manifest-Version"] ?? "", packageName: fields["Package"], smoke: fields["Smoke"] ?? "",
            allowUnverified: fields["Allow-Unverified"]?.hasPrefix("yes") == true,
            toolVersion: fields["Published-By"].map { String($0.dropFirst("release-mirror ".count)) } ?? "",
            patchBranch: fields["Patch-Branch"])
    }
}
