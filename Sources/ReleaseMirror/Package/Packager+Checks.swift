import Foundation
internal import Git

extension Packager {
    /// Gathers the facts and decides every check; writes nothing.
    func evaluate(
        _ request: PackageRequest, settings: Configuration.Package, source: PackageSourceTree, repository mirror: PackageRepository,
        publishTag: String
    ) throws(GitError) -> Evaluation {
        var evaluation = Evaluation()
        guard let (commit, releaseTag) = try checkPublishTag(publishTag, version: request.version, into: &evaluation) else {
            for kind in PackageCheck.Kind.allCases.dropFirst() {
                evaluation.add(kind, .skipped, "not checked: no publish tag (see publish-tag)")
            }
            return evaluation
        }
        evaluation.commit = commit
        let upstream = try checkManifest(commit: commit, publishTag: publishTag, source: source, into: &evaluation)
        checkVersion(request.version, manifest: upstream?.manifest, releaseTag: releaseTag, into: &evaluation)
        checkRepository(mirror, into: &evaluation)
        evaluation.listing = checkDist(source, into: &evaluation)
        evaluation.license = source.findLicense()
        if let upstream, let license = evaluation.license {
            let provenance = PackageProvenance(
                upstream: configuration.upstream.url.description, upstreamPackage: upstream.manifest.name ?? configuration.publish.manifest,
                upstreamVersion: upstream.manifest.version.description, releaseTag: releaseTag, publishTag: publishTag, commit: commit)
            evaluation.provenance = provenance
            evaluation.manifest = PackageManifestRewriter(
                settings: settings, repository: mirror, licenseFile: license.name, provenance: provenance
            ).rewrite(upstream.json, version: request.version)
        }
        let entries = evaluation.manifest.map { PackageEntryPoints(manifest: $0) }
        checkEntries(entries, settings: settings, listing: evaluation.listing, into: &evaluation)
        try checkDependencies(evaluation.manifest ?? upstream?.json, commit: commit, settings: settings, into: &evaluation)
        if let license = evaluation.license {
            let relative = license.path.hasPrefix(source.root + "/") ? String(license.path.dropFirst(source.root.count + 1)) : license.path
            evaluation.add(.license, .pass, "\(relative) (shipped as \(license.name))")
        } else {
            let place = settings.directory.isEmpty ? "the root of --source" : "\(settings.directory)/ or the root of --source"
            evaluation.add(
                .license, .fail,
                "no LICENSE (\(PackageSourceTree.licenseNames.joined(separator: ", "))) in \(place): upstream's license must ship with the package")
        }
        checkExports(entries, settings: settings, source: source, listing: evaluation.listing, into: &evaluation)
        return evaluation
    }

    /// The publish tag's commit and the release tag its message records.
    func checkPublishTag(_ publishTag: String, version: String, into evaluation: inout Evaluation) throws(GitError) -> (ObjectID, String?)? {
        let ref = "refs/tags/" + publishTag
        guard let object = try repository.referenceTarget(ref) else {
            evaluation.add(
                .publishTag, .fail,
                "no \(ref) in \(configuration.mirror.repository): only tagged versions are packaged; "
                    + "run `release-mirror publish-tag \(version) --from <mirror tag>` first (or fetch the mirror's tags)")
            return nil
        }
        guard let commit = try? repository.peelToCommit(object) else {
            evaluation.add(.publishTag, .fail, "\(ref) (\(object.short())) does not peel to a commit")
            return nil
        }
        let message = try repository.tag(object).flatMap { PublishTagMessage.parse($0.message, publishTag: publishTag) }
        let from = message.map { " from \($0.sourceTag)" } ?? " (its message does not record a release tag)"
        evaluation.add(.publishTag, .pass, "\(ref) → commit \(commit.short())\(from)")
        return (commit, message?.sourceTag)
    }

    /// `--source`'s manifest (and the package directory's package.json, when that is another file)
    /// compared byte for byte with the commit's; the package's manifest parsed.
    func checkManifest(
        commit: ObjectID, publishTag: String, source: PackageSourceTree, into evaluation: inout Evaluation
    ) throws(GitError) -> (manifest: Manifest, json: JSONValue)? {
        let manifestPath = configuration.publish.manifest
        let packageJSON = source.inCheckout("package.json")
        let reader = ManifestReader(repository: repository, path: manifestPath)
        let manifest: Manifest
        switch try reader.read(commit: commit, ref: publishTag) {
        case .success(let found): manifest = found
        case .failure(let error):
            evaluation.add(.manifest, .fail, "\(error); publish.manifest must be a JSON file with a SemVer \"version\"")
            return nil
        }
        let head = PackageSourceTree.checkedOutCommit(source.root)
        if let head, head != commit {
            evaluation.add(
                .manifest, .fail,
                "--source is a git checkout at \(head.short()), not at \(publishTag)'s commit \(commit.short()): "
                    + "check out \(publishTag) and build there")
            return nil
        }
        for path in Set([manifestPath, packageJSON]).sorted() {
            guard let entry = try repository.entry(at: commit, path: path), entry.kind == .file || entry.kind == .executable else {
                evaluation.add(.manifest, .fail, "\(path) is not a file at \(publishTag) (\(commit.short())); check package.directory")
                return nil
            }
            guard let bytes = source.read(path) else {
                evaluation.add(.manifest, .fail, "--source has no \(path): pass the checkout of \(publishTag) (\(commit.short()))")
                return nil
            }
            guard try repository.blob(entry.id) == bytes else {
                evaluation.add(
                    .manifest, .fail,
                    "--source's \(path) differs from blob \(entry.id.short()) at \(publishTag) (\(commit.short())): "
                        + "--source must be a clean checkout of the publish tag's commit (the build must not edit it)")
                return nil
            }
        }
        guard let bytes = source.read(packageJSON), let json = try? JSONParser.parse(bytes), json.pairs != nil else {
            evaluation.add(.manifest, .fail, "\(packageJSON) at \(publishTag) is not a JSON object")
            return nil
        }
        evaluation.add(
            .manifest, .pass,
            "\(manifestPath) = blob \(manifest.blob.short()) at \(commit.short()): \(manifest.name.map { "\"\($0)\"" } ?? "no name") \(manifest.version)"
                + (head == nil ? "" : "; --source's HEAD is that commit"))
        return (manifest, json)
    }

    /// The version rules of `publish-tag`: the package name, and the version per `version-from`
    /// and `allow-suffix`.
    func checkVersion(_ version: String, manifest: Manifest?, releaseTag: String?, into evaluation: inout Evaluation) {
        guard let manifest else {
            evaluation.add(.version, .skipped, "not checked: the manifest could not be read")
            return
        }
        if let expected = configuration.publish.packageName, manifest.name != expected {
            evaluation.add(
                .version, .fail,
                "the manifest's name is \(manifest.name.map { "\"\($0)\"" } ?? "missing"), publish.package-name is \"\(expected)\"")
            return
        }
        let base: String?
        switch configuration.publish.versionFrom {
        case .manifest: base = manifest.version.description
        case .releaseTag: base = releaseTag.flatMap { configuration.upstream.releaseTags.value(in: $0) }
        }
        let from = "version-from = \(configuration.publish.versionFrom.rawValue)"
        guard let base else {
            evaluation.add(.version, .fail, "the publish tag's message records no release tag, so \(from) cannot be checked")
            return
        }
        evaluation.versionBase = base
        let rule = PublishVersionRule(allowSuffix: configuration.publish.allowSuffix)
        switch rule.compare(version, base: base) {
        case .exact: evaluation.add(.version, .pass, "\(version) = \(base) (\(from))")
        case .suffixed(let n): evaluation.add(.version, .pass, "\(version) = \(base) + allow-suffix with n = \(n) (\(from))")
        case .disagrees:
            evaluation.add(.version, .fail, "\(version) ≠ \(base) at the publish tag's commit (\(from)); it can carry \(rule.allowed(for: base))")
        }
    }

    /// Under GitHub Actions, `package.repository` must be the building repository (npm's provenance rule).
    func checkRepository(_ mirror: PackageRepository, into evaluation: inout Evaluation) {
        if let building = PackageRepository.building(workspace.environment.variables), !mirror.isSame(as: building) {
            evaluation.add(
                .repository, .fail,
                "\(mirror.origin) is \(mirror.url) but this run builds \(building): npm refuses a provenance publish "
                    + "whose repository.url is not the building repository; fix package.repository")
            return
        }
        evaluation.add(.repository, .pass, "repository.url \(mirror.manifestURL) (from \(mirror.origin))")
    }

    /// The dist is a directory of regular files.
    func checkDist(_ source: PackageSourceTree, into evaluation: inout Evaluation) -> PackageSourceTree.Listing? {
        let distPath = source.inCheckout(source.dist)
        guard let listing = source.listDist() else {
            evaluation.add(.dist, .fail, "\(distPath) is not a directory in --source: run upstream's build in the checkout first")
            return nil
        }
        let odd = listing.refused.prefix(5).map(source.inCheckout)
        if !odd.isEmpty {
            evaluation.add(
                .dist, .fail,
                "\(distPath) holds symbolic links or special files (\(odd.joined(separator: ", "))): only regular files ship")
        } else if listing.files.isEmpty {
            evaluation.add(.dist, .fail, "\(distPath) is empty: run upstream's build in the checkout first")
        } else {
            evaluation.add(.dist, .pass, "\(distPath): \(listing.files.count) file(s), \(listing.files.values.reduce(0, +)) bytes")
        }
        return listing
    }
}
