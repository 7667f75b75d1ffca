/// One check of `publish-tag` (SPEC §5.4) with its verdict and the evidence behind it.
public struct PublishCheck: Sendable, Equatable, Codable {
    /// The checks, in the order they run. Raw values are stable (JSON output, tests).
    public enum Kind: String, Sendable, Equatable, Codable, CaseIterable {
        /// §5.4.1: the mirror tag exists and matches its ledger row's commit.
        case mirrorTag = "mirror-tag"
        /// §5.4.2: the manifest at the commit parses.
        case manifest
        /// §5.4.2: its `name` is `publish.package-name`.
        case packageName = "package-name"
        /// §5.4.2: the version agrees per `version-from` / `allow-suffix`.
        case version
        /// §5.4.3: the smoke note says `passed`.
        case smoke
        /// §5.4.4: the publish tag is free, or already on the same commit.
        case publishTag = "publish-tag"
        /// §5.4.5: the ledger has the row, with the same SDK version.
        case ledgerRow = "ledger-row"
        /// §13.5: `--from patch/NAME` has an active registry row.
        case patchRow = "patch-row"
        /// §13.5: the patch branch contains its base tag's commit.
        case patchBase = "patch-base"

        /// Whether the check runs only for a publish from a patch branch.
        public var isPatchOnly: Bool { self == .patchRow || self == .patchBase }

        /// The order the checks run in for a publish from a patch branch (SPEC §13.5).
        public static let patchOrder: [Kind] = [
            .patchRow, .mirrorTag, .patchBase, .manifest, .packageName, .version, .smoke, .publishTag, .ledgerRow,
        ]
    }

    /// A check's verdict.
    public enum Status: String, Sendable, Equatable, Codable {
        /// Passed.
        case pass
        /// Failed: nothing is created.
        case fail
        /// Failed but overridden by `--allow-unverified` (recorded in the tag message).
        case waived
        /// Not applicable, or not evaluated because an earlier check failed.
        case skipped
    }

    /// Which check.
    public var id: Kind
    /// Its verdict.
    public var status: Status
    /// What was found (versions, commits, the note) and, on failure, what to do.
    public var evidence: String

    /// Creates a value.
    public init(_ id: Kind, _ status: Status, _ evidence: String) {
        self.id = id
        self.status = status
        self.evidence = evidence
    }
}
