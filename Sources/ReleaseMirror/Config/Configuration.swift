public import Git

/// `release-mirror.toml`, parsed into typed values with every default applied (SPEC §3).
public struct Configuration: Sendable, Equatable {
    /// Where upstream lives and what counts as a release.
    public struct Upstream: Sendable, Equatable {
        /// Any libgit2 URL: https, ssh, git, file, or a path (resolved against the config's directory).
        /// Shown without the credentials a URL may carry; only libgit2 gets them.
        public var url: RemoteURL
        /// The name of the variable holding a token for upstream; `""` = upstream gets no token.
        public var tokenEnv: String
        /// The upstream branch mirrored as `mirror.branch`.
        public var branch: String
        /// The release tag pattern, e.g. `@moonshot-ai/kimi-code@{version}`.
        public var releaseTags: NamePattern
    }

    /// The mirror repository and where it is published.
    public struct Mirror: Sendable, Equatable {
        /// The git repository holding the mirror refs (absolute path).
        public var repository: String
        /// Remote name, URL or path receiving pushes; empty = no push. Shown without credentials.
        public var remote: RemoteURL
        /// The mirror's copy of upstream's branch.
        public var branch: String
        /// The release branch pattern, e.g. `release/v{version}`.
        public var releaseBranch: NamePattern
    }

    /// When smoke runs.
    public enum SmokeTrigger: String, Sendable, Equatable, CaseIterable {
        case newReleases = "new-releases"
        case newReleasesAndTip = "new-releases-and-tip"
        case never
    }

    /// The smoke hook.
    public struct Smoke: Sendable, Equatable {
        /// The argv run in the checkout (no shell unless the argv itself runs one).
        public var command: [String]
        /// Killed (with its whole process group) after this many seconds.
        public var timeoutSeconds: Int
        /// Names of environment variables passed through; nothing else is.
        public var env: [String]
        /// When smoke runs during sync.
        public var on: SmokeTrigger
    }

    /// How publish versions relate to releases.
    public enum VersionSource: String, Sendable, Equatable, CaseIterable {
        case manifest
        case releaseTag = "release-tag"
    }

    /// Publishing checks and the ledger.
    public struct Publish: Sendable, Equatable {
        /// The manifest path inside the upstream tree.
        public var manifest: String
        /// Required `name` of the manifest, when set.
        public var packageName: String?
        /// Where the publish version comes from.
        public var versionFrom: VersionSource
        /// Optional suffix pattern for extra publishes of one source, e.g. `-botiverse.{n}`.
        public var allowSuffix: NamePattern?
        /// The publish tag pattern, e.g. `publish-sdk/v{version}`.
        public var tag: NamePattern
        /// The ledger file (absolute path).
        public var ledger: String
        /// Refuse to publish a commit without a passing smoke note.
        public var requireSmoke: Bool
        /// The SDK's entry module inside the upstream tree, whose exported names make the
        /// Interface column and `surface`; `""` turns the interface delta off.
        public var entry: String = Configuration.Publish.defaultEntry

        /// The default `publish.entry`.
        public static let defaultEntry = "packages/node-sdk/src/index.ts"
    }

    /// Break reports.
    public struct Report: Sendable, Equatable {
        /// `owner/name` for GitHub issues; empty = none.
        public var githubRepository: String
        /// Labels on new issues.
        public var labels: [String]
        /// The name of the variable holding the token (never the token).
        public var tokenEnv: String
        /// Also write each report here (absolute path), when set.
        public var directory: String?
    }

    /// The configuration file (absolute path), or a description of where the values came from.
    public var file: String
    public var upstream: Upstream
    public var mirror: Mirror
    public var smoke: Smoke
    public var publish: Publish
    public var report: Report
    /// The consumer's npm package (`[package]`); `nil` when `package.name` is not set.
    public var package: Package? = nil
    /// Patch branches (`[patches]`), with their defaults when the section is absent.
    public var patches: Patches = Patches(branch: NamePattern("patch/{name}", placeholder: "{name}")!, registry: "README.md")

    /// The notes ref holding smoke results.
    public static let notesRef = "refs/notes/release-mirror"
    /// Where upstream's branch and tags are fetched to.
    public static let upstreamNamespace = "refs/release-mirror/upstream/"
}
