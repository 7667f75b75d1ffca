/// What this binary was built from: a release of release-mirror (its tag, the tag's commit and the
/// repository it was released from), stamped at release build time, or a development build
/// (SPEC §12.1).
public enum ToolBuild {
    /// This binary's release; nil for a development build.
    public static let current: ToolPin? = stamped(tag: BuildStamp.tag, commit: BuildStamp.commit,
                                                  repository: BuildStamp.repository)

    /// A release from its three stamped parts, nil unless all three are present and well formed.
    static func stamped(tag: String?, commit: String?, repository: String?) -> ToolPin? {
        guard let tag, let commit, let repository,
              ToolPin.problem(tag: tag, commit: commit, repository: repository) == nil
        else { return nil }
        return ToolPin(repository: repository, tag: tag, commit: commit)
    }

    /// What `release-mirror --version` prints: `0.2.0 (commit <40 hex>, owner/name)` for a release,
    /// `development build (...)` otherwise.
    public static func versionLine(_ build: ToolPin?) -> String {
        guard let build else {
            return "development build (not a release: `init` needs --tool-ref to pin the workflows' release-mirror)"
        }
        return "\(build.version) (commit \(build.commit), \(build.repository))"
    }
}
