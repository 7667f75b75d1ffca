import Foundation
public import Git

/// `release-mirror status` (SPEC §5.6): upstream vs mirror tips, newest mirror tag, newest green
/// tag (what consumers should pin), pending quarantines, and the last sync.
public struct MirrorStatus: Sendable, Codable {
    public var upstreamTip: ObjectID?
    public var upstreamReachable: Bool
    /// Why upstream could not be listed (credentials masked), when it could not.
    public var upstreamError: String?
    public var mirrorBranch: String
    public var mirrorTip: ObjectID?
    public var behindBy: Int?
    public var newestTag: String?
    public var newestGreenTag: String?
    public var quarantines: [String]
    public var lastSync: SyncRecord?
    public var lastSyncAgeSeconds: Double?
    public var stale: Bool

    /// Reads the status. Upstream is listed (no fetch) unless `offline`.
    public static func read(
        workspace: MirrorWorkspace, offline: Bool, maxAge: Double?
    ) throws(MirrorError) -> MirrorStatus {
        let configuration = workspace.configuration
        let repository = workspace.repository
        do {
            var upstreamTip: ObjectID?
            var reachable = false
            var upstreamError: String?
            if !offline {
                switch listUpstream(workspace) {
                case .success(let heads):
                    reachable = true
                    upstreamTip = heads.first { $0.name == "refs/heads/" + configuration.upstream.branch }?.id
                case .failure(let error):
                    upstreamError = error.description
                }
            }
            let branchRef = "refs/heads/" + configuration.mirror.branch
            let mirrorTip = try repository.referenceTarget(branchRef)
            var behind: Int?
            if let upstreamTip, let mirrorTip, repository.contains(upstreamTip) {
                behind = try repository.aheadBehind(upstreamTip, mirrorTip).ahead
            } else if let upstreamTip, upstreamTip == mirrorTip {
                behind = 0
            }
            let pattern = configuration.upstream.releaseTags
            var tags: [(SemanticVersion, String, ObjectID)] = []
            for ref in try repository.references(withPrefix: "refs/tags/" + pattern.literalPrefix) {
                let short = String(ref.name.dropFirst("refs/tags/".count))
                if let raw = pattern.value(in: short), let version = SemanticVersion(raw), let target = ref.target {
                    tags.append((version, short, target))
                }
            }
            tags.sort { $0.0 > $1.0 }
            let notes = try repository.notes(notesRef: Configuration.notesRef)
            var green: String?
            for (_, name, object) in tags {
                guard let commit = try? repository.peelToCommit(object), let note = notes[commit] else { continue }
                if SmokeNote.decode(note)?.status == .passed {
                    green = name
                    break
                }
            }
            // Pending quarantines: rewritten tips the mirror branch has not moved onto (accept-rewrite).
            var quarantines: [String] = []
            for ref in try repository.references(withPrefix: "refs/release-mirror/quarantine/") {
                guard let target = ref.target else { continue }
                if let mirrorTip, try repository.isDescendant(mirrorTip, of: target) { continue }
                quarantines.append(ref.name)
            }
            let record = try SyncRecord.latest(in: repository)?.record
            let age = record?.date.map { workspace.environment.now().timeIntervalSince($0) }
            let stale = maxAge.map { limit in age.map { $0 > limit } ?? true } ?? false
            return MirrorStatus(
                upstreamTip: upstreamTip, upstreamReachable: reachable, upstreamError: upstreamError, mirrorBranch: configuration.mirror.branch,
                mirrorTip: mirrorTip, behindBy: behind, newestTag: tags.first?.1, newestGreenTag: green,
                quarantines: quarantines, lastSync: record, lastSyncAgeSeconds: age, stale: stale)
        } catch {
            throw workspace.failure(error, "read the mirror's status")
        }
    }

    /// Lists upstream's refs, or says why that failed (redacted; names the URL without credentials).
    static func listUpstream(_ workspace: MirrorWorkspace) -> Result<[RemoteHead], MirrorError> {
        let url = workspace.configuration.upstream.url
        do {
            return .success(
                try Remote(repository: workspace.repository, url: url).listReferences(credentials: workspace.upstreamCredentials()))
        } catch {
            return .failure(workspace.failure(error, "list upstream refs (upstream.url = \(url))"))
        }
    }

    /// Parses `36h`, `90m`, `2d`, `45s` or plain seconds.
    public static func parseDuration(_ text: String) -> Double? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        if let unit = text.last, let factor = units[unit], let value = Double(text.dropLast()), value > 0 {
            return value * factor
        }
        return Double(text).flatMap { $0 > 0 ? $0 : nil }
    }
}
