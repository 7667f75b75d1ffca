import Foundation
import Git

/// What `publish-tag` knows before it decides (SPEC §5.4): the request, the configuration, and
/// what was read from the ledger, the mirror's refs, the manifest and the smoke note at the source
/// commit, and the published mirror. `PublishTagger.facts` reads it; the pure checks in
/// `PublishFacts+Checks.swift` judge it, so every verdict is testable on a value built by hand.
struct PublishFacts: Sendable {
    /// The ledger as far as the checks need it.
    struct Ledger: Sendable, Equatable {
        /// Why the ledger cannot be used (no file, no managed table, broken markers), if so.
        var trouble: String?
        /// The source tag's row, when the ledger has one.
        var row: LedgerRow?
    }

    /// The mirror tag `refs/tags/<sourceTag>`.
    enum MirrorTag: Sendable, Equatable {
        /// No such tag.
        case missing
        /// The tag names this object, which does not peel to a commit.
        case notCommit(ObjectID)
        /// The tag peels to this commit.
        case commit(ObjectID)
    }

    /// A patch branch against its base tag's commit (read when the mirror has the branch).
    struct PatchBase: Sendable, Equatable {
        /// Whether the branch's tip contains the base commit.
        var containsBase: Bool
        /// How many commits the tip is ahead of the base (0 when it does not contain it).
        var ahead: Int
    }

    /// The publish tag, here and on the published mirror.
    struct TagRefs: Sendable, Equatable {
        /// The local tag's object, when it exists.
        var local: ObjectID?
        /// The commit the local tag peels to.
        var localCommit: ObjectID?
        /// The tag's object on `mirror.remote`, when it was listed there.
        var remote: ObjectID?
        /// The commit the remote tag peels to, when this repository has its object.
        var remoteCommit: ObjectID?
        /// Whether this repository has the remote tag's object.
        var remoteKnown = false
    }

    /// The version asked for.
    var version: String
    /// The mirror tag published from (a patch's base tag for `--from patch/NAME`).
    var sourceTag: String
    /// The publish tag's short name.
    var publishTag: String
    /// `--allow-unverified`.
    var allowUnverified: Bool
    /// Whether `mirror.remote` was listed (a push is due).
    var checksRemote: Bool
    /// The configuration the checks compare against.
    var configuration: Configuration
    /// The patch branch, for `--from patch/NAME`.
    var patch: PublishTagger.PatchSource?
    /// The ledger (not read for a missing or retired patch row).
    var ledger = Ledger()
    /// The mirror tag; `nil` when not read (the name is no release tag, or the patch row failed).
    var mirrorTag: MirrorTag?
    /// The patch branch against its base; `nil` when not read.
    var patchBase: PatchBase?
    /// The manifest at the source commit; `nil` when there is no source commit.
    var manifest: Result<Manifest, ManifestError>?
    /// The note on the source commit in `Configuration.notesRef`, as stored.
    var noteText: String?
    /// The publish tag here and on the published mirror.
    var tags = TagRefs()

    var publishRef: String { "refs/tags/" + publishTag }

    /// The `{version}` of the source tag, when it is a release tag with a SemVer version.
    var releaseVersion: String? {
        configuration.upstream.releaseTags.value(in: sourceTag).flatMap { SemanticVersion($0) != nil ? $0 : nil }
    }

    /// The commit the mirror tag peels to.
    var tagCommit: ObjectID? {
        if case .commit(let commit)? = mirrorTag { return commit }
        return nil
    }

    /// The commit the publish tag would name: the mirror tag's, or for a patch its tip when it
    /// contains the base. `nil` stops the reading and skips the remaining checks.
    var sourceCommit: ObjectID? {
        guard let patch else { return tagCommit }
        guard tagCommit != nil, patchBase?.containsBase == true else { return nil }
        return patch.tip
    }

    /// The manifest, when it was read.
    var readManifest: Manifest? {
        if case .success(let manifest)? = manifest { return manifest }
        return nil
    }

    /// The smoke note, when the note is one.
    var note: SmokeNote? { noteText.flatMap(SmokeNote.decode) }
}
