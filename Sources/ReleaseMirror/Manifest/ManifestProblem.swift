/// Why a manifest could not be read at a commit. Every case is an ordinary outcome (upstream can
/// commit anything), never a crash.
public enum ManifestProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nothing at the path (or a parent component is not a directory).
    case absent
    /// The path is a directory, a submodule or something else that is not a regular file.
    case notAFile(EntryKind)
    /// The path is a symbolic link (its target is not followed).
    case symlink(target: String)
    /// The file is larger than the reader's limit.
    case tooLarge(limit: Int)
    /// The bytes are not UTF-8 text.
    case notUTF8
    /// The text is not JSON; the parser's reason.
    case notJSON(String)
    /// The JSON is valid but not an object (`{…}`).
    case notAnObject
    /// The object has no `version` key.
    case noVersion
    /// `version` is not a string; the JSON type found.
    case versionNotString(String)
    /// `version` is a string but not a SemVer 2.0 version.
    case versionNotSemVer(String)
    /// `name` is present but not a string; the JSON type found.
    case nameNotString(String)

    /// A stable short code (`absent`, `not-json`, …) for JSON output and tests.
    public var code: String {
        switch self {
        case .absent: return "absent"
        case .notAFile: return "not-a-file"
        case .symlink: return "symlink"
        case .tooLarge: return "too-large"
        case .notUTF8: return "not-utf8"
        case .notJSON: return "not-json"
        case .notAnObject: return "not-an-object"
        case .noVersion: return "no-version"
        case .versionNotString: return "version-not-string"
        case .versionNotSemVer: return "version-not-semver"
        case .nameNotString: return "name-not-string"
        }
    }

    public var description: String {
        switch self {
        case .absent: return "no such file"
        case .notAFile(let kind): return "is a \(kind == .directory ? "directory" : kind.rawValue), not a file"
        case .symlink(let target): return "is a symbolic link (to \"\(target)\"), not a file; links are not followed"
        case .tooLarge(let limit): return "is larger than \(limit) bytes; not read"
        case .notUTF8: return "is not UTF-8 text"
        case .notJSON(let reason): return "is not valid JSON (\(reason))"
        case .notAnObject: return "is JSON but not an object"
        case .noVersion: return "has no \"version\""
        case .versionNotString(let type): return "has a \"version\" that is \(type), not a string"
        case .versionNotSemVer(let text): return "has \"version\": \"\(text)\", which is not a SemVer 2.0 version"
        case .nameNotString(let type): return "has a \"name\" that is \(type), not a string"
        }
    }
}

extension ManifestProblem {
    /// What a tree entry that is not a regular file is (the Git layer's kinds, by name).
    public enum EntryKind: String, Sendable, Hashable {
        case file, executable, symlink, directory, submodule, unknown
    }
}
