import Foundation
public import Git

/// The record of a completed sync, kept in the mirror repository itself as a chain of commits
/// (empty tree, JSON message) under `refs/release-mirror/last-sync`, so a fresh clone of the mirror
/// knows when it was last synced and `status --max-age` works without a side file.
public struct SyncRecord: Sendable, Codable, Equatable {
    /// When the run finished (ISO 8601, UTC).
    public var time: String
    /// How a run ended, as its record says: `ok`, `held`, `smoke-failed`, or `in-progress`
    /// (written before new releases are smoked). Stored as that string; a value a later version
    /// writes is kept as it is.
    public struct Outcome: RawRepresentable, Sendable, Codable, Hashable, CustomStringConvertible,
        ExpressibleByStringLiteral
    {
        /// The stored string.
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(stringLiteral value: String) { self.rawValue = value }
        public var description: String { rawValue }

        /// The run completed.
        public static let ok: Outcome = "ok"
        /// The run was held (exit 3).
        public static let held: Outcome = "held"
        /// A smoke run failed (exit 4).
        public static let smokeFailed: Outcome = "smoke-failed"
        /// New releases were written and are being smoked; a later record replaces it.
        public static let inProgress: Outcome = "in-progress"
    }

    /// How the run ended.
    public var result: Outcome
    /// Upstream's branch tip seen.
    public var upstreamTip: ObjectID?
    /// New releases mirrored by the run.
    public var newTags: [String]
    /// The tool's version.
    public var toolVersion: String

    enum CodingKeys: String, CodingKey {
        case time, result
        case upstreamTip = "upstream_tip"
        case newTags = "new_tags"
        case toolVersion = "tool_version"
    }

    /// The date of `time`.
    public var date: Date? { ISO8601DateFormatter().date(from: time) }

    static let header = "release-mirror sync record\n\n"

    /// The result of a record written before smoking `newTags`; a later record replaces it.
    public static let inProgress = Outcome.inProgress

    /// Reads the newest record, or `nil` when the mirror has none.
    static func latest(in repository: Repository) throws(GitError) -> (record: SyncRecord, commit: ObjectID)? {
        guard let tip = try repository.referenceTarget(ManagedRefs.lastSyncRef) else { return nil }
        return try read(tip, in: repository).map { ($0, tip) }
    }

    static func read(_ commit: ObjectID, in repository: Repository) throws(GitError) -> SyncRecord? {
        guard let object = try? repository.rawCommitMessage(commit) else { return nil }
        guard let range = object.range(of: header) else { return nil }
        let json = object[range.upperBound...]
        return try? JSONDecoder().decode(SyncRecord.self, from: Data(json.utf8))
    }

    /// Appends this record (compare-and-swap on the record ref, so two writers never lose one).
    func append(to repository: Repository, parents extra: [ObjectID] = []) throws(GitError) {
        let current = try repository.referenceTarget(ManagedRefs.lastSyncRef)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        let parents = (current.map { [$0] } ?? []) + extra.filter { $0 != current }
        let commit = try repository.createRecordCommit(
            message: SyncRecord.header + json + "\n", parents: parents, authorName: "release-mirror",
            authorEmail: "release-mirror@localhost")
        if let current {
            try repository.updateReference(ManagedRefs.lastSyncRef, to: commit, expecting: current, message: "release-mirror: record")
        } else {
            try repository.createReference(ManagedRefs.lastSyncRef, target: commit, message: "release-mirror: record")
        }
    }
}
