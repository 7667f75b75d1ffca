import Foundation

/// The release of release-mirror the workflows `init` writes install (SPEC §12.1): its repository,
/// release tag and the tag's commit. The workflows reference the composite action by the commit
/// (immutable), with the tag as a comment and as the release whose binary is downloaded.
public struct ToolPin: Sendable, Equatable {
    /// `owner/name` of the release-mirror repository.
    public var repository: String
    /// The release tag, `v` + SemVer.
    public var tag: String
    /// The tag's commit, 40 lowercase hex digits.
    public var commit: String

    /// Creates a value; `problem` says whether it is well formed.
    public init(repository: String, tag: String, commit: String) {
        self.repository = repository
        self.tag = tag
        self.commit = commit
    }

    /// The repository a development build pins when no --tool-repository is given.
    public static let defaultRepository = "botiverse/release-mirror"

    /// What the shipped templates hold where `init` writes the pin (the templates stay valid
    /// workflow files for actionlint and zizmor).
    public static let placeholder = ToolPin(
        repository: "release-mirror/release-mirror", tag: "v0.0.0", commit: String(repeating: "0", count: 40))

    /// The version without the tag's `v`.
    public var version: String { tag.hasPrefix("v") ? String(tag.dropFirst()) : tag }

    /// `owner/name@<commit> # <tag>`: what follows `uses: `.
    public var uses: String { "\(repository)@\(commit) # \(tag)" }

    /// The pin for this binary (`build`: its release, `ToolBuild.current`): `--tool-ref TAG@COMMIT`
    /// when given (in `repository`, else this build's repository, else `defaultRepository`), else
    /// this build's own release.
    public static func resolve(
        toolRef: String?, repository: String?, build: ToolPin?
    ) throws(MirrorError) -> ToolPin {
        let repo = repository ?? build?.repository ?? defaultRepository
        guard let toolRef else {
            guard let build else {
                throw .usage("""
                    init: this release-mirror is a development build, so it cannot pin the workflows to a release \
                    of itself: pass --tool-ref vX.Y.Z@<commit> (a release tag of \(repo) and that tag's 40-hex \
                    commit, e.g. from `git ls-remote https://github.com/\(repo) 'refs/tags/v*^{}'`), or run init \
                    with a released binary
                    """)
            }
            return ToolPin(repository: repository ?? build.repository, tag: build.tag, commit: build.commit)
        }
        let parts = toolRef.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw .usage("init: --tool-ref \(toolRef): expected TAG@COMMIT, e.g. v0.2.0@<40-hex commit of that tag>")
        }
        let pin = ToolPin(repository: repo, tag: String(parts[0]), commit: String(parts[1]))
        if let problem = problem(tag: pin.tag, commit: pin.commit, repository: pin.repository) {
            throw .usage("init: --tool-ref \(toolRef): \(problem)")
        }
        return pin
    }

    /// Why a tag, commit or repository cannot be pinned; nil when all three are well formed.
    public static func problem(tag: String, commit: String, repository: String) -> String? {
        guard tag.hasPrefix("v"), SemanticVersion(String(tag.dropFirst())) != nil else {
            return "the tag \(tag) is not v + a SemVer version (e.g. v0.2.0)"
        }
        guard commit.count == 40, commit.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
            return "the commit \(commit) is not 40 lowercase hex digits (a tag name or a short sha is not immutable)"
        }
        let names = repository.split(separator: "/", omittingEmptySubsequences: false)
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        guard names.count == 2, names.allSatisfy({ !$0.isEmpty && $0.allSatisfy(allowed.contains) }) else {
            return "the repository \(repository) is not owner/name"
        }
        if commit == placeholder.commit { return "the commit is the templates' placeholder" }
        return nil
    }

    /// A template with this pin written in: every `uses:` of the placeholder and the
    /// `RELEASE_MIRROR_TOOL_VERSION` variable.
    public func apply(to template: String) -> String {
        template
            .replacingOccurrences(of: Self.placeholder.uses, with: uses)
            .replacingOccurrences(of: "RELEASE_MIRROR_TOOL_VERSION: \(Self.placeholder.tag)", with: "RELEASE_MIRROR_TOOL_VERSION: \(tag)")
    }
}
