/// The names release-mirror writes must each mean one thing: a ref that is both the mirror branch
/// and a release branch, or both an upstream release tag and a publish tag, would be created,
/// adopted, pushed and audited under two rules at once. And none may start with `refs/`: the tool
/// adds `refs/heads/` or `refs/tags/` itself, and `refs/release-mirror/…` is its private namespace
/// (git would resolve such a name to the private ref, not to the branch or tag).
///
/// Pure: `ConfigurationLoader` calls it once every key has a valid value.
public enum ManagedNames {
    /// One conflict: the key to fix first (`section.key`), the other key involved, one sentence.
    public struct Conflict: Equatable, Sendable {
        public let key: String
        public let otherKey: String?
        public let message: String
    }

    /// Versions tried when looking for a name two patterns share: with a pre-release and build
    /// metadata, almost any suffix one pattern adds still leaves a SemVer version.
    static let sampleVersions = ["1.2.3", "1.2.3-rc.1", "1.2.3-rc.1+build.5", "1.2.3+build.5", "10.20.30"]

    /// Every conflict among the managed names, in a stable order.
    public static func conflicts(
        mirrorBranch: String, releaseBranch: NamePattern, releaseTags: NamePattern, publishTag: NamePattern
    ) -> [Conflict] {
        var result: [Conflict] = []
        let named: [(String, String)] = [
            ("mirror.branch", mirrorBranch), ("mirror.release-branch", releaseBranch.template),
            ("upstream.release-tags", releaseTags.template), ("publish.tag", publishTag.template),
        ]
        for (key, name) in named where name.hasPrefix("refs/") {
            let reason =
                name.hasPrefix("refs/release-mirror/")
                ? "reaches into refs/release-mirror/, where release-mirror keeps its own refs (upstream's, quarantines, archives, records)"
                : "starts with refs/"
            result.append(
                Conflict(
                    key: key, otherKey: nil,
                    message: "\"\(name)\" \(reason); write the short name: release-mirror adds refs/heads/ or refs/tags/ itself"))
        }
        if let version = releaseBranch.value(in: mirrorBranch), isVersion(version) {
            result.append(
                Conflict(
                    key: "mirror.branch", otherKey: "mirror.release-branch",
                    message: "\"\(mirrorBranch)\" matches mirror.release-branch \"\(releaseBranch.template)\" (version \(version)): "
                        + "one branch cannot be both the copy of upstream's branch and a release branch; pick a name outside the pattern"))
        }
        if publishTag.template == releaseTags.template {
            result.append(
                Conflict(
                    key: "publish.tag", otherKey: "upstream.release-tags",
                    message: "\"\(publishTag.template)\" is upstream.release-tags too: a publish tag would be taken for an upstream "
                        + "release and the other way round; give publish tags their own prefix, e.g. \"publish-sdk/v{version}\""))
        } else if let shared = sharedName(publishTag, releaseTags) {
            result.append(
                Conflict(
                    key: "publish.tag", otherKey: "upstream.release-tags",
                    message: "\"\(publishTag.template)\" overlaps upstream.release-tags \"\(releaseTags.template)\": the tag \"\(shared)\" "
                        + "would be both a publish tag and an upstream release; give publish tags their own prefix"))
        }
        return result
    }

    /// A name both patterns take for a SemVer version, if there is one among the samples: the
    /// longer literal prefix, a version, the longer literal suffix (when one prefix extends the
    /// other and one suffix ends the other; otherwise no name fits both).
    static func sharedName(_ a: NamePattern, _ b: NamePattern) -> String? {
        let prefixes = [a.prefix, b.prefix].sorted { $0.utf8.count < $1.utf8.count }
        let suffixes = [a.suffix, b.suffix].sorted { $0.utf8.count < $1.utf8.count }
        guard prefixes[1].utf8.starts(with: prefixes[0].utf8),
            suffixes[1].utf8.reversed().starts(with: suffixes[0].utf8.reversed())
        else { return nil }
        for version in sampleVersions {
            let name = prefixes[1] + version + suffixes[1]
            if let x = a.value(in: name), let y = b.value(in: name), isVersion(x), isVersion(y) { return name }
        }
        return nil
    }

    /// Whether the tool would take `text` for a release version (canonical SemVer).
    static func isVersion(_ text: String) -> Bool { SemanticVersion(text)?.description == text }
}
