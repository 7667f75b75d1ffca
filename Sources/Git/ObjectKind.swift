import Clibgit2

/// The kind of a git object.
public enum ObjectKind: String, Sendable, Hashable {
    case commit, tree, blob, tag, unknown

    init(_ type: git_object_t) {
        switch type {
        case GIT_OBJECT_COMMIT: self = .commit
        case GIT_OBJECT_TREE: self = .tree
        case GIT_OBJECT_BLOB: self = .blob
        case GIT_OBJECT_TAG: self = .tag
        default: self = .unknown
        }
    }
}

/// An entry of a tree at a path.
public struct TreeEntry: Hashable, Sendable {
    /// What the entry is.
    public enum Kind: String, Hashable, Sendable {
        case file, executable, symlink, directory, submodule, unknown
    }
    /// The entry's object id (blob, tree, or the submodule's commit).
    public let id: ObjectID
    /// What it is, from its file mode.
    public let kind: Kind
}

/// Facts about a commit.
public struct CommitInfo: Hashable, Sendable {
    /// The commit id.
    public let id: ObjectID
    /// The first line of the message.
    public let summary: String
    /// Committer time, seconds since the epoch.
    public let time: Int64
    /// Parent ids.
    public let parents: [ObjectID]
}

/// An annotated tag object's fields.
public struct TagInfo: Hashable, Sendable {
    /// The tag object's id.
    public let id: ObjectID
    /// The tag's name as written in the object.
    public let name: String
    /// The object it points at.
    public let target: ObjectID
    /// The message.
    public let message: String
}
