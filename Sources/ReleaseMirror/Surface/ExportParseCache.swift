/// Parsed module files and `imports` maps keyed by content (`SourceFiles.contentKey`, a blob id),
/// shared by the `ExportReader`s of many commits so each distinct blob is parsed once.
///
/// Not `Sendable`: one cache serves one thread (the repository it reads through is single-threaded).
public final class ExportParseCache {
    var modules: [String: ModuleExports] = [:]
    var importMaps: [String: ImportsMap] = [:]

    /// An empty cache.
    public init() {}

    /// How many distinct files have been parsed.
    public var parsedFiles: Int { modules.count }
}
