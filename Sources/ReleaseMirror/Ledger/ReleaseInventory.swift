import Foundation
public import Git

/// Git truth about every release of the mirror, read once through the Git layer for `ledger
/// update` and `audit`: mirror tags with their commits, manifests, package trees and smoke notes;
/// publish tags; release branches. No process is spawned and nothing is written.
public struct ReleaseInventory: Sendable {
    /// A mirror tag (a release).
    public struct Release: Sendable, Equatable {
        /// The tag's short name.
        public var tag: String
        /// Its `{version}`.
        public var version: SemanticVersion
        /// The object the tag names (a tag object for annotated tags).
        public var object: ObjectID
        /// The commit it peels to; `nil` when it does not peel to a commit.
        public var commit: ObjectID?
        /// The manifest at the commit (`nil` when there is no commit).
        public var manifest: Result<Manifest, ManifestError>?
        /// The tree id of the manifest's directory at the commit, when it exists.
        public var packageTree: ObjectID?
        /// The smoke note's status for the commit, when there is a note.
        public var smoke: SmokeOutcome.Status?
        /// The exported names of `publish.entry` at the commit (`nil` when the delta is off or
        /// there is no commit).
        public var surface: ExportSurface?

        /// The manifest's version, when it could be read.
        public var sdkVersion: SemanticVersion? {
            if case .success(let manifest)? = manifest { return manifest.version }
            return nil
        }

        /// Why the manifest could not be read, when it could not.
        public var manifestError: ManifestError? {
            if case .failure(let error)? = manifest { return error }
            return nil
        }
    }

    /// A publish tag.
    public struct PublishTag: Sendable, Equatable {
        /// The tag's short name.
        public var name: String
        /// Its `{version}` as written.
        public var version: String
        /// The object it names.
        public var object: ObjectID
        /// The commit it peels to.
        public var commit: ObjectID?
        /// The source tag recorded in its message (tags written by `publish-tag`).
        public var sourceTag: String?
        /// The smoke note's status for its commit.
        public var smoke: SmokeOutcome.Status?
        /// The patch branch its message records (tags written by `publish-tag --from patch/…`).
        public var patchBranch: String?
    }

    /// A release branch.
    public struct ReleaseBranch: Sendable, Equatable {
        /// The branch's short name (`release/v1.2.3`).
        public var name: String
        /// Its `{version}`, when SemVer.
        public var version: SemanticVersion?
        /// The commit it points at.
        public var commit: ObjectID
    }

    /// Mirror tags with a SemVer version, oldest release first.
    public var releases: [Release]
    /// Publish tags, by name.
    public var publishTags: [PublishTag]
    /// Release branches, by name.
    public var releaseBranches: [ReleaseBranch]
    /// The Interface cell of each release by tag, when `publish.entry` is set (else empty).
    public var interfaces: [String: InterfaceCell] = [:]
    /// Whether `publish.entry` is set, so the ledger has an Interface column.
    public var interfaceEnabled = false
    /// The publish tags made from registered patch branches, by name (SPEC §13.5).
    public var patchPublishes: [String: PatchPublish] = [:]

    /// Reads the inventory of `repository` under `configuration`.
    static func read(repository: Repository, configuration: Configuration) throws(GitError) -> ReleaseInventory {
        let releasePattern = configuration.upstream.releaseTags
        let publishPattern = configuration.publish.tag
        let notes = try repository.notes(notesRef: Configuration.notesRef)
        var statuses: [ObjectID: SmokeOutcome.Status?] = [:]
        func smoke(_ commit: ObjectID?) -> SmokeOutcome.Status? {
            guard let commit else { return nil }
            if let known = statuses[commit] { return known }
            let status = notes[commit].flatMap { SmokeNote.decode($0)?.status }
            statuses[commit] = status
            return status
        }

        var publishTags: [PublishTag] = []
        for ref in try repository.references(withPrefix: "refs/tags/" + publishPattern.literalPrefix) {
            let short = String(ref.name.dropFirst("refs/tags/".count))
            guard let version = publishPattern.value(in: short), let object = ref.target else { continue }
            let commit = try? repository.peelToCommit(object)
            let info = (try? repository.tag(object)) ?? nil
            let message = info.flatMap { PublishTagMessage.parse($0.message, publishTag: short) }
            publishTags.append(
                PublishTag(
                    name: short, version: version, object: object, commit: commit, sourceTag: message?.sourceTag, smoke: smoke(commit),
                    patchBranch: message?.patchBranch))
        }
        let publishNames = Set(publishTags.filter { SemanticVersion($0.version) != nil }.map(\.name))

        let reader = ManifestReader(repository: repository, path: configuration.publish.manifest)
        let entry = configuration.publish.entry
        var surfaces = ReleaseSurfaces(repository: repository, entry: entry, packageDirectory: reader.directory)
        var releases: [Release] = []
        for ref in try repository.references(withPrefix: "refs/tags/" + releasePattern.literalPrefix) {
            let short = String(ref.name.dropFirst("refs/tags/".count))
            guard !publishNames.contains(short), let raw = releasePattern.value(in: short),
                let version = SemanticVersion(raw), let object = ref.target
            else { continue }
            let commit = try? repository.peelToCommit(object)
            var release = Release(tag: short, version: version, object: object, commit: commit, smoke: smoke(commit))
            if let commit {
                release.manifest = try reader.read(commit: commit, ref: short)
                release.packageTree = try reader.packageTree(commit: commit)
                if !entry.isEmpty {
                    release.surface = surfaces.surface(commit: commit, tag: short, packageTree: release.packageTree)
                }
            }
            releases.append(release)
        }
        releases.sort { ($0.version, $0.tag) < ($1.version, $1.tag) }

        var branches: [ReleaseBranch] = []
        let branchPattern = configuration.mirror.releaseBranch
        for ref in try repository.references(withPrefix: "refs/heads/" + branchPattern.literalPrefix) {
            let short = String(ref.name.dropFirst("refs/heads/".count))
            guard let raw = branchPattern.value(in: short), let target = ref.target else { continue }
            branches.append(ReleaseBranch(name: short, version: SemanticVersion(raw), commit: target))
        }
        var inventory = ReleaseInventory(releases: releases, publishTags: publishTags, releaseBranches: branches)
        inventory.patchPublishes = try patchPublishes(
            repository, configuration: configuration, publishTags: publishTags, releases: releases)
        if !entry.isEmpty {
            inventory.interfaceEnabled = true
            inventory.interfaces = ReleaseSurfaces.cells(releases)
        }
        return inventory
    }

    /// The release named `tag`.
    public func release(_ tag: String) -> Release? { releases.first { $0.tag == tag } }

    /// Which release each publish tag belongs to: the source tag its message records when that
    /// release is on the same commit, else the oldest release on its commit. Unassigned publish
    /// tags (on no release's commit) are absent.
    public func publishAssignments() -> [String: String] {
        var oldestByCommit: [ObjectID: String] = [:]
        for release in releases {
            if let commit = release.commit, oldestByCommit[commit] == nil { oldestByCommit[commit] = release.tag }
        }
        var result: [String: String] = [:]
        for publish in publishTags where patchPublishes[publish.name] == nil {
            guard let commit = publish.commit else { continue }
            if let source = publish.sourceTag, release(source)?.commit == commit {
                result[publish.name] = source
            } else if let oldest = oldestByCommit[commit] {
                result[publish.name] = oldest
            }
        }
        return result
    }

    /// The managed table from git truth: one row per release with a commit, newest first.
    public func ledgerRows() -> [LedgerRow] {
        var published: [String: [PublishTag]] = [:]
        let assignments = publishAssignments()
        for publish in publishTags {
            if let release = assignments[publish.name] { published[release, default: []].append(publish) }
        }
        return releases.reversed().flatMap { release -> [LedgerRow] in
            guard let commit = release.commit else { return [] }
            let tags = (published[release.tag] ?? []).sorted { a, b in
                switch (SemanticVersion(a.version), SemanticVersion(b.version)) {
                case let (x?, y?) where x != y: return x < y
                default: return a.name < b.name
                }
            }
            return patchRows(baseTag: release.tag) + [
                LedgerRow(
                    tag: release.tag, commit: commit.short(LedgerRow.commitLength), sdkVersion: release.sdkVersion,
                    publishTags: tags.map(\.name), smoke: release.smoke,
                    interface: interfaceEnabled ? interfaces[release.tag] ?? InterfaceCell.none : nil)
            ]
        } + patchRows(baseTag: nil)
    }
}
