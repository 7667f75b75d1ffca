public import Git

/// What `release-mirror surface REF [BASE]` found: the exported names of `publish.entry` at REF
/// against BASE, the names added and removed, and the verdict.
public struct SurfaceComparison: Sendable, Equatable, Codable {
    /// `publish.entry`.
    public var entry: String
    /// REF as given (a mirror tag, a ref, a commit).
    public var ref: String
    /// REF's commit.
    public var commit: ObjectID
    /// BASE as given or chosen (the previous mirror tag by version); `nil` when there is none.
    public var base: String?
    /// BASE's commit.
    public var baseCommit: ObjectID?
    /// The surface at REF.
    public var surface: ExportSurface
    /// The surface at BASE.
    public var baseSurface: ExportSurface?
    /// What changed; `nil` when there is no base or the entry is missing at either side.
    public var delta: InterfaceDelta?
    /// The SDK version (`publish.manifest`) at REF and at BASE, when readable.
    public var sdkVersion: String?
    public var baseSDKVersion: String?

    /// The verdict, when there is a delta.
    public var verdict: InterfaceDelta.Verdict? { delta?.verdict }

    /// The ledger cell this comparison gives.
    public var cell: InterfaceCell { delta?.cell ?? .none }

    /// Every warning of both sides, and why there is no delta.
    public var warnings: [String] {
        var all = surface.warnings + (baseSurface?.warnings ?? [])
        if base == nil { all.append("no mirror tag before \(ref) to compare with; pass BASE") }
        return all
    }
}
