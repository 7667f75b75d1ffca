import Foundation
internal import Git

/// Reads `publish.manifest` from commits through the Git layer (no checkout, no process). Robust to
/// whatever upstream committed: an absent path, a directory, a symlink, a huge file, bytes that are
/// not JSON, a missing or mistyped `version`. Each is a `ManifestError` naming the ref and path.
///
/// Manifests are cached by blob id, so thousands of tags sharing a handful of manifest versions are
/// parsed a handful of times. Not `Sendable`: it borrows the repository, which is single-threaded.
public final class ManifestReader {
    /// The largest manifest read, in bytes (a `package.json` is a few KiB).
    public static let defaultLimit = 1 << 20

    let repository: Repository
    /// The manifest path inside the tree.
    public let path: String
    /// The manifest's directory (`""` for the repository root).
    public let directory: String
    let limit: Int
    private var parsed: [ObjectID: Result<(name: String?, version: SemanticVersion), ManifestProblem>] = [:]

    /// Creates a reader for `path` (e.g. `packages/node-sdk/package.json`).
    init(repository: Repository, path: String, limit: Int = ManifestReader.defaultLimit) {
        self.repository = repository
        self.path = path
        self.limit = limit
        if let slash = path.lastIndex(of: "/") {
            directory = String(path[..<slash])
        } else {
            directory = ""
        }
    }

    /// The manifest at `commit`, reached from `ref` (named in errors).
    /// - Throws: `GitError` only when the repository itself cannot be read (a missing commit).
    func read(commit: ObjectID, ref: String) throws(GitError) -> Result<Manifest, ManifestError> {
        func failure(_ problem: ManifestProblem) -> Result<Manifest, ManifestError> {
            .failure(ManifestError(ref: ref, path: path, commit: commit, problem: problem))
        }
        guard let entry = try repository.entry(at: commit, path: path) else { return failure(.absent) }
        switch entry.kind {
        case .file, .executable:
            break
        case .symlink:
            let target = (try? repository.blob(entry.id, limit: 4096)).map { String(decoding: $0, as: UTF8.self) } ?? "?"
            return failure(.symlink(target: target))
        case .directory, .submodule, .unknown:
            return failure(.notAFile(ManifestProblem.EntryKind(rawValue: entry.kind.rawValue) ?? .unknown))
        }
        if let cached = parsed[entry.id] {
            return cached.map { Manifest(name: $0.name, version: $0.version, blob: entry.id) }
                .mapError { ManifestError(ref: ref, path: path, commit: commit, problem: $0) }
        }
        let bytes: [UInt8]
        do {
            bytes = try repository.blob(entry.id, limit: limit)
        } catch where error.kind == .tooLarge {
            parsed[entry.id] = .failure(.tooLarge(limit: limit))
            return failure(.tooLarge(limit: limit))
        }
        let outcome = ManifestReader.parse(bytes)
        parsed[entry.id] = outcome
        return outcome.map { Manifest(name: $0.name, version: $0.version, blob: entry.id) }
            .mapError { ManifestError(ref: ref, path: path, commit: commit, problem: $0) }
    }

    /// The tree id of the manifest's directory at `commit` (the package's whole tree), or `nil`
    /// when that directory does not exist there.
    func packageTree(commit: ObjectID) throws(GitError) -> ObjectID? {
        if directory.isEmpty { return try repository.rootTreeID(of: commit) }
        guard let entry = try repository.entry(at: commit, path: directory), entry.kind == .directory else { return nil }
        return entry.id
    }

    /// Parses manifest bytes: a JSON object with a string `version` that is SemVer, and an optional
    /// string `name`.
    public static func parse(_ bytes: [UInt8]) -> Result<(name: String?, version: SemanticVersion), ManifestProblem> {
        guard String(validating: bytes, as: UTF8.self) != nil else { return .failure(.notUTF8) }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        } catch {
            let reason = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "parse error"
            return .failure(.notJSON(String(reason.prefix(200))))
        }
        guard let dictionary = object as? [String: Any] else { return .failure(.notAnObject) }
        var name: String?
        if let raw = dictionary["name"] {
            guard let text = raw as? String else { return .failure(.nameNotString(jsonType(raw))) }
            name = text
        }
        guard let rawVersion = dictionary["version"] else { return .failure(.noVersion) }
        guard let text = rawVersion as? String else { return .failure(.versionNotString(jsonType(rawVersion))) }
        guard let version = SemanticVersion(text) else { return .failure(.versionNotSemVer(String(text.prefix(100)))) }
        return .success((name, version))
    }

    private static func jsonType(_ value: Any) -> String {
        switch value {
        case is NSNull: return "null"
        case is Bool: return "a boolean"
        case is NSNumber: return "a number"
        case is [Any]: return "an array"
        case is [String: Any]: return "an object"
        default: return "not a string"
        }
    }
}
