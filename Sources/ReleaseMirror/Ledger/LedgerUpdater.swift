import Foundation
internal import Git

/// `release-mirror ledger update` (SPEC §5.6): rewrites only the managed table of the ledger from
/// git truth, keeping every byte outside the markers. Running it twice changes nothing the second
/// time. A missing ledger is created from the `init` skeleton; a ledger without markers gets the
/// section appended at its end.
public struct LedgerUpdater {
    let workspace: MirrorWorkspace

    /// What `update` did.
    public struct Outcome: Sendable, Codable, Equatable {
        /// The ledger file.
        public var path: String
        /// Rows in the managed table.
        public var rows: Int
        /// Whether the file changed.
        public var changed: Bool
        /// Whether the file was created.
        public var created: Bool
        /// Whether the managed section was appended to a file without markers.
        public var appendedSection: Bool
        /// What the Interface column could not see: `publish.entry` missing at releases, files
        /// `export *` names that do not exist.
        public var warnings: [String] = []
    }

    /// Creates an updater for the workspace's mirror.
    public init(workspace: MirrorWorkspace) { self.workspace = workspace }

    /// Rewrites the managed table of the ledger at `path` (default `publish.ledger`).
    /// - Parameter write: `false` to only compute the outcome.
    public func update(path: String? = nil, write: Bool = true) throws(MirrorError) -> Outcome {
        let path = LedgerUpdater.resolve(path ?? workspace.configuration.publish.ledger)
        let exists = FileManager.default.fileExists(atPath: path)
        let document = exists ? try LedgerDocument.read(path: path) : LedgerDocument(bytes: Array(LedgerTemplate.skeleton.utf8))
        let inventory: ReleaseInventory
        do {
            inventory = try ReleaseInventory.read(repository: workspace.repository, configuration: workspace.configuration)
        } catch {
            throw workspace.failure(error, "read the mirror's releases for the ledger")
        }
        let rows = inventory.ledgerRows()
        let updated: [UInt8]
        do {
            updated = try document.replacingTable(with: rows, interface: inventory.interfaceEnabled)
        } catch {
            throw .configuration(
                file: path, line: error.line ?? 0, key: "",
                message: error.message + "; fix the markers by hand, then re-run `release-mirror ledger update`")
        }
        let changed = !exists || updated != document.bytes
        if changed && write { try LedgerUpdater.write(updated, to: path) }
        return Outcome(
            path: path, rows: rows.count, changed: changed, created: !exists, appendedSection: exists && document.hasNoMarkers,
            warnings: ReleaseSurfaces.warnings(inventory.releases, entry: workspace.configuration.publish.entry))
    }

    /// The path with symbolic links followed (a write replaces the file the link names, and the
    /// link stays); see `LedgerFileWriter`.
    static func resolve(_ path: String) -> String { LedgerFileWriter.resolve(path) }

    /// Writes `bytes` to `path` atomically, keeping the file's mode (see `LedgerFileWriter`).
    static func write(_ bytes: [UInt8], to path: String) throws(MirrorError) {
        try LedgerFileWriter.write(bytes, to: path)
    }
}
