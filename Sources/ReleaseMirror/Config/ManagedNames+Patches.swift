/// `[patches]`: a patch branch (`patches.branch`, e.g. `patch/{name}`) must never be a name the
/// tool manages under another rule: the mirror branch, or a release branch.
extension ManagedNames {
    /// Whether `name` is a patch name: a letter or digit, then letters, digits, `.`, `_` or `-`,
    /// at most 64 characters (a ref component and a table cell without escaping).
    public static func isPatchName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.unicodeScalars.count <= 64, isPatchCharacter(first),
            first != ".", first != "_", first != "-", !name.hasSuffix("."), !name.contains("..")
        else { return false }
        return name.unicodeScalars.allSatisfy(isPatchCharacter)
    }

    private static func isPatchCharacter(_ scalar: Unicode.Scalar) -> Bool {
        (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9")
            || scalar == "." || scalar == "_" || scalar == "-"
    }

    /// Conflicts of `patches.branch` with the other managed branch names.
    public static func patchConflicts(
        patchBranch: NamePattern, mirrorBranch: String, releaseBranch: NamePattern
    ) -> [Conflict] {
        let key = "patches.branch"
        if patchBranch.template.hasPrefix("refs/") {
            return [
                Conflict(
                    key: key, otherKey: nil,
                    message: "\"\(patchBranch.template)\" starts with refs/; write the short name, e.g. \"patch/{name}\": "
                        + "release-mirror adds refs/heads/ itself")
            ]
        }
        var result: [Conflict] = []
        if let name = patchBranch.value(in: mirrorBranch), isPatchName(name) {
            result.append(
                Conflict(
                    key: key, otherKey: "mirror.branch",
                    message: "\"\(patchBranch.template)\" takes mirror.branch \"\(mirrorBranch)\" for patch \"\(name)\": "
                        + "give patch branches their own prefix, e.g. \"patch/{name}\""))
        }
        let releaseNames = sampleVersions.map(releaseBranch.name(for:))
        let patchNames = (sampleVersions + ["v1.2.3", "fix"]).map(patchBranch.name(for:))
        let shared =
            releaseNames.first { patchBranch.value(in: $0).map(isPatchName) == true }
            ?? patchNames.first { releaseBranch.value(in: $0).map(isVersion) == true }
        if let shared {
            result.append(
                Conflict(
                    key: key, otherKey: "mirror.release-branch",
                    message: "\"\(patchBranch.template)\" overlaps mirror.release-branch \"\(releaseBranch.template)\": "
                        + "the branch \"\(shared)\" would be both a patch branch and a release branch; "
                        + "give patch branches their own prefix, e.g. \"patch/{name}\""))
        }
        return result
    }
}
