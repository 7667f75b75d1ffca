public import Git

/// A manifest that could not be read, naming the tag (or ref), the path and the commit.
public struct ManifestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The ref the commit was reached from (a mirror tag's short name, usually).
    public var ref: String
    /// The manifest path (`publish.manifest`).
    public var path: String
    /// The commit read.
    public var commit: ObjectID
    /// What is wrong.
    public var problem: ManifestProblem

    /// Creates a value.
    public init(ref: String, path: String, commit: ObjectID, problem: ManifestProblem) {
        self.ref = ref
        self.path = path
        self.commit = commit
        self.problem = problem
    }

    /// `<path> at <ref> (<commit>) <problem>`.
    public var description: String { "\(path) at \(ref) (\(commit.short())) \(problem)" }
}
