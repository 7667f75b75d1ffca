import ArgumentParser
import Foundation
import ReleaseMirror

struct PackageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "package",
        abstract: "Build the consumer's npm package directory from a publish tag's built checkout, only when every check passes.",
        discussion: """
            --source is a checkout of the publish tag's commit after upstream's build. The package directory \
            written to --out has the dist as built, upstream's LICENSE, a NOTICE.md, a README.md (package.readme, \
            or a generated one), and upstream's package.json rewritten for the mirror: package.name, the version, \
            description, repository, homepage and bugs of the mirror, exports/main/module/types from upstream's \
            publishConfig or into the dist, no private/devDependencies/scripts, publishConfig {access: public, \
            provenance: true}, files, and a releaseMirror block naming upstream, the release tag and the commit.
            Checks, each listed with its evidence:
              publish-tag   the publish tag for <version> exists (publish.tag)
              manifest      --source's manifest is byte for byte the one at the publish tag's commit (and, \
            when --source is a git checkout, its HEAD is that commit)
              version       package name and version agree, as publish-tag checks them
              repository    under GitHub Actions, package.repository is the building repository
              dist          the dist directory exists and holds only regular files
              entries       every file exports, main, module, types and bin name is in the dist
              dependencies  no dependency uses workspace:, link:, file:, portal:, catalog: or names a package of \
            upstream's own repository (those must be bundled)
              license       a LICENSE is in the package directory or at the checkout's root
              exports       the root import target and its types export every package.require-exports name
            When a check fails: exit 5, and nothing is written to --out. --out must not exist (or be an empty \
            directory); the package is assembled beside it and moved into place when complete.
            The result names the dist-tag to publish under: package.dist-tag, or package.suffix-dist-tag for a \
            version carrying publish.allow-suffix.

            Example:
              release-mirror package 0.9.3 --source checkout --out pkg --json > result.json
              npm publish pkg --provenance --access public --tag "$(jq -r .dist_tag result.json)"
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The version to package (its publish tag must exist), e.g. 0.9.3.", valueName: "version"))
    var version: String

    @Option(help: ArgumentHelp("The checkout of the publish tag's commit, after upstream's build.", valueName: "dir"))
    var source: String

    @Option(help: ArgumentHelp("The package directory to create (must not exist, or be empty).", valueName: "dir"))
    var out: String

    func run() async throws {
        try await CommandSupport.runInMirror(global) { (workspace, console) throws(MirrorError) -> ExitStatus in
            let cwd = FileManager.default.currentDirectoryPath
            let request = PackageRequest(
                version: version, source: ConfigurationLoader.absolutePath(source, base: cwd),
                out: ConfigurationLoader.absolutePath(out, base: cwd))
            let result = try Packager(workspace: workspace).run(request)
            let configuration = workspace.configuration
            let manifest = request.source + "/" + configuration.publish.manifest
            let directory = configuration.package.map(\.directory) ?? ""
            let packageJSON = request.source + "/" + (directory.isEmpty ? "" : directory + "/") + "package.json"
            let files: [PackageCheck.Kind: String] = [
                .manifest: manifest, .version: manifest, .entries: packageJSON, .dependencies: packageJSON, .exports: packageJSON,
            ]
            PackageSummary(result: result, console: console, files: files).print()
            return result.exitStatus
        }
    }
}
