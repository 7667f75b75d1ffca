import Foundation
internal import Git

/// `release-mirror init` (SPEC §5.1): a commented config, the mirror repository, a RELEASES.md
/// skeleton with the managed table, and the workflow files, which install the release of
/// release-mirror in `pin` (SPEC §12.1). Never overwrites without `force`.
public struct MirrorInitializer {
    public var directory: String
    public var upstream: String
    public var tagPattern: String
    public var remote: String
    public var force: Bool
    public var pin: ToolPin

    public init(
        directory: String, upstream: String?, tagPattern: String?, remote: String?, force: Bool, pin: ToolPin
    ) {
        self.directory = ConfigurationLoader.absolutePath(directory, base: FileManager.default.currentDirectoryPath)
        self.upstream = upstream ?? "https://github.com/MoonshotAI/kimi-code.git"
        self.tagPattern = tagPattern ?? "@moonshot-ai/kimi-code@{version}"
        self.remote = remote ?? "origin"
        self.force = force
        self.pin = pin
    }

    /// The files written (absolute paths).
    public func run() throws(MirrorError) -> [String] {
        var files: [(String, String)] = [
            ("release-mirror.toml", ConfigTemplate.render(upstream: upstream, tagPattern: tagPattern, remote: remote)),
            ("RELEASES.md", LedgerTemplate.skeleton),
        ]
        for workflow in WorkflowTemplates.all {
            files.append((".github/workflows/" + workflow.name, pin.apply(to: workflow.contents)))
        }
        let existing = files.map { directory + "/" + $0.0 }.filter { FileManager.default.fileExists(atPath: $0) }
        if !existing.isEmpty && !force {
            throw .usage("init: refusing to overwrite \(existing.joined(separator: ", ")); pass --force to replace them")
        }
        // Validate what we are about to write before touching the disk.
        _ = try ConfigurationLoader.parse(files[0].1, file: directory + "/release-mirror.toml")
        do {
            _ = try Repository.openOrCreate(at: directory, bare: false)
        } catch {
            throw .git(error, context: "create the mirror repository at \(directory)")
        }
        var written: [String] = []
        for (name, contents) in files {
            let path = directory + "/" + name
            do {
                try FileManager.default.createDirectory(
                    atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try contents.write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                throw .io(path: path, message: "cannot write: \(error.localizedDescription)")
            }
            written.append(path)
        }
        return written
    }
}

/// The commented `release-mirror.toml` that `init` writes.
enum ConfigTemplate {
    static func quote(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static func render(upstream: String, tagPattern: String, remote: String) -> String {
        """
        # release-mirror configuration. Every key but upstream.url has a default (shown).
        # Relative paths resolve against this file's directory. Unknown keys are an error.

        [upstream]
        url = \(quote(upstream))            # https, ssh, git, file URL or a path
        branch = "main"                     # the branch mirrored as mirror.branch
        release-tags = \(quote(tagPattern))  # {version} must be a SemVer 2.0 version
        token-env = ""                      # NAME of a variable with a read token for a private upstream

        [mirror]
        repository = "."                    # the git repository holding the mirror refs (created if missing)
        remote = \(quote(remote))           # remote name, URL or path receiving pushes; "" = no push
        branch = "upstream-main"            # fast-forward only; a rewrite is held (exit 3)
        release-branch = "release/v{version}"

        [smoke]
        # argv run in a fresh checkout of each new release, with only the variables in `env` plus
        # RELEASE_MIRROR_REF, _COMMIT, _VERSION and _WORKDIR. No shell unless you run one.
        command = ["sh", "-c", "corepack enable && pnpm install --frozen-lockfile --filter '@moonshot-ai/kimi-code-sdk...' && pnpm --filter @moonshot-ai/kimi-code-sdk build"]
        timeout-seconds = 1800
        env = ["PATH", "HOME", "LANG"]
        # "new-releases" (the default when the key is absent) | "new-releases-and-tip" | "never".
        # `init` writes "never" so a first sync does not run the command above on every existing
        # release before you have checked it: set the command, then switch this on.
        on = "never"

        [publish]
        manifest = "packages/node-sdk/package.json"
        package-name = "@moonshot-ai/kimi-code-sdk"   # checked when set
        version-from = "manifest"           # "manifest" | "release-tag"
        # allow-suffix = "-botiverse.{n}"   # extra publishes of one source as X.Y.Z-botiverse.N
        tag = "publish-sdk/v{version}"
        ledger = "RELEASES.md"
        require-smoke = true

        [report]
        github-repository = ""              # "owner/name" to open break reports as issues
        labels = ["sync", "upstream-break"]
        token-env = "GITHUB_TOKEN"          # the NAME of the variable holding the token
        directory = ""                      # also write each report here as Markdown + JSON

        # `release-mirror package`: the consumer's npm package, built from a publish tag's checkout.
        # Off until [package] name is set.
        # [package]
        # name = "@botiverse/kimi-code-sdk"   # the npm name the mirror publishes under
        # directory = "packages/node-sdk"     # default: the directory of publish.manifest
        # dist = "dist"                       # upstream's build output, shipped as it is
        # repository = "https://github.com/botiverse/kimi-code-sdk"  # required unless GITHUB_SERVER_URL and GITHUB_REPOSITORY are set
        # require-exports = ["KimiHarness", "Session", "createKimiHarness", "KimiError"]
        # dist-tag = "latest"
        # suffix-dist-tag = "next"            # the dist-tag of versions carrying publish.allow-suffix
        # readme = "PACKAGE-README.md"        # shipped instead of the generated README

        """
    }
}

/// The RELEASES.md skeleton `init` writes: notes for humans, one managed table for the tool.
enum LedgerTemplate {
    static let skeleton = """
        # Releases

        Release notes are written by hand above or below the mapping table. The table between the
        markers is maintained by `release-mirror ledger update` and checked by `release-mirror audit`.

        ## Version mapping
        <!-- release-mirror:mapping:begin -->
        | Upstream tag | Commit | SDK version | Publish tag | Smoke |
        |---|---|---|---|---|
        <!-- release-mirror:mapping:end -->

        """
}
