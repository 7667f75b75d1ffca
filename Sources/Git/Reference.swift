/// A ref and what it points at.
public struct Reference: Hashable, Sendable {
    /// The full name, e.g. `refs/tags/v1.0.0`.
    public let name: String
    /// The object a direct ref points at (for a symbolic ref: its resolved target, if any).
    public let target: ObjectID?
    /// The ref a symbolic ref points at (e.g. `refs/heads/main` for `HEAD`).
    public let symbolicTarget: String?

    /// Creates a value.
    public init(name: String, target: ObjectID?, symbolicTarget: String? = nil) {
        self.name = name
        self.target = target
        self.symbolicTarget = symbolicTarget
    }
}

/// One ref change in an atomic multi-ref update.
public struct ReferenceUpdate: Hashable, Sendable {
    /// What the ref must hold before the update.
    public enum Expectation: Hashable, Sendable {
        /// The ref must not exist (create-only).
        case absent
        /// The ref must point at this object (compare-and-swap).
        case equals(ObjectID)
    }

    /// The full ref name.
    public let name: String
    /// The new target.
    public let target: ObjectID
    /// The required current state.
    public let expected: Expectation

    /// Creates a value.
    public init(name: String, target: ObjectID, expected: Expectation) {
        self.name = name
        self.target = target
        self.expected = expected
    }
}

/// The outcome of a create-only ref write.
public enum CreateOutcome: Hashable, Sendable {
    /// The ref was created.
    case created
    /// The ref already existed and points at this object (which may or may not be the one asked for).
    case exists(ObjectID)
}
