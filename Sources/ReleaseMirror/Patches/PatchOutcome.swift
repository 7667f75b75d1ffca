/// What a `patch start`, `set-base` or `retire` did, for the console and `--json`.
public struct PatchOutcome: Sendable, Codable, Equatable {
    /// The patch name.
    public var name: String
    /// The branch (short name).
    public var branch: String
    /// The base tag (after the command).
    public var baseTag: String
    /// The branch's tip the command acted on.
    public var tip: String?
    /// The archive ref (`retire`).
    public var archive: String?
    /// Whether the command changed anything (`false`: it had been done already).
    public var changed: Bool
    /// Whether the branch (or the archive and the deletion) reached `mirror.remote`.
    public var pushed: Bool
    /// The registry file and the row's line after the write.
    public var registry: String
    /// Force-pushes seen while taking the branch from the remote.
    public var adopted: [PatchAdoption] = []

    enum CodingKeys: String, CodingKey {
        case name
        case branch
        case baseTag = "base_tag"
        case tip
        case archive
        case changed
        case pushed
        case registry
        case adopted
    }
}
