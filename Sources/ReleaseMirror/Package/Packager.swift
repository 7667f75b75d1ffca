import Foundation
internal import Git

/// `release-mirror package VERSION --source DIR --out DIR`: turns a checkout of a publish tag's
/// commit, after upstream's build, into the consumer's npm package directory — renamed, dist-only,
/// licensed, verified. Fail closed: when any check fails, nothing is written to `--out`.
public struct Packager {
    let workspace: MirrorWorkspace

    /// Creates a packager for the workspace's mirror.
    public init(workspace: MirrorWorkspace) { self.workspace = workspace }

    var configuration: Configuration { workspace.configuration }
    var repository: Repository { workspace.repository }

    /// The facts gathered and the checks decided, before anything is written.
    struct Evaluation {
        var checks: [PackageCheck] = []
        var commit: ObjectID?
        var provenance: PackageProvenance?
        /// The mirror's manifest, when every input for it was read.
        var manifest: JSONValue?
        /// The version a plain publish of this commit has (`publish.version-from`).
        var versionBase: String?
        var listing: PackageSourceTree.Listing?
        var license: (path: String, name: String)?
        var failed: Bool { checks.contains { $0.status == .fail } }
        mutating func add(_ kind: PackageCheck.Kind, _ status: PackageCheck.Status, _ evidence: String) {
            checks.append(PackageCheck(kind, status, evidence))
        }
    }

    /// Runs every check and, when all pass, writes the package directory.
    /// - Throws: `MirrorError` for usage and configuration errors (exit 2), an unreadable mirror or
    ///   an unwritable `--out` (exit 1); a failed check is returned as `.refused` (exit 5).
    public func run(_ request: PackageRequest) throws(MirrorError) -> PackageResult {
        guard let settings = configuration.package else {
            throw .configuration(
                file: configuration.file, line: 0, key: "package.name",
                message: "not set: add a [package] section with name = \"<npm name>\" to enable `release-mirror package`")
        }
        guard SemanticVersion(request.version) != nil else {
            throw .usage("package: \"\(request.version)\" is not a SemVer 2.0 version (e.g. 0.9.3)")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: request.source, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .usage("--source \(request.source): no such directory; pass the checkout of the publish tag's commit after the build")
        }
        try PackageAssembler.checkOut(request.out)
        guard let mirrorRepository = PackageRepository.resolve(configured: settings.repository, environment: workspace.environment.variables)
        else {
            throw .configuration(
                file: configuration.file, line: 0, key: "package.repository",
                message: "not set, and GITHUB_SERVER_URL/GITHUB_REPOSITORY are not both set: set it to the mirror's URL "
                    + "(npm refuses a provenance publish whose repository.url is not the building repository)")
        }
        if let readme = settings.readme, PackageSourceTree.regularFile(readme) == nil {
            throw .configuration(file: configuration.file, line: 0, key: "package.readme", message: "\(readme): no such readable file")
        }
        let source = PackageSourceTree(root: request.source, directory: settings.directory, dist: settings.dist)
        if request.out == source.distPath || request.out.hasPrefix(source.distPath + "/") {
            throw .usage("--out \(request.out) is inside the dist it would copy (\(source.distPath)); write the package elsewhere")
        }
        let publishTag = configuration.publish.tag.name(for: request.version)
        guard Repository.isValidReferenceName("refs/tags/" + publishTag) else {
            throw .usage("package: refs/tags/\(publishTag) (publish.tag = \"\(configuration.publish.tag)\") is not a valid tag name")
        }
        workspace.emit(.step("check \(settings.name) \(request.version) from \(publishTag)"))

        var evaluation: Evaluation
        do {
            evaluation = try evaluate(request, settings: settings, source: source, repository: mirrorRepository, publishTag: publishTag)
        } catch {
            throw workspace.failure(error, "package \(request.version): read \(publishTag) in \(configuration.mirror.repository)")
        }
        let rule = PublishVersionRule(allowSuffix: configuration.publish.allowSuffix)
        var result = PackageResult(
            name: settings.name, version: request.version,
            distTag: settings.distTag(for: request.version, base: evaluation.versionBase ?? request.version, rule: rule), publishTag: publishTag, commit: evaluation.commit,
            provenance: evaluation.provenance, checks: evaluation.checks, outcome: .refused, directory: nil, files: [])
        guard !evaluation.failed, let manifest = evaluation.manifest, let provenance = evaluation.provenance,
            let license = evaluation.license
        else { return result }

        let documents = PackageDocuments(
            name: settings.name, version: request.version, repository: mirrorRepository, provenance: provenance,
            licenseFile: license.name, license: manifest["license"]?.string, requireExports: settings.requireExports)
        let readme: PackageAssembler.Content = settings.readme.map { .copy($0) } ?? .text(documents.readme())
        result.files = try PackageAssembler(out: request.out).assemble(
            dist: source.distPath, distName: settings.dist,
            files: [
                ("package.json", .text(manifest.rendered())), (license.name, .copy(license.path)),
                ("NOTICE.md", .text(documents.notice())), ("README.md", readme),
            ])
        result.directory = request.out
        result.outcome = .packaged
        return result
    }
}
