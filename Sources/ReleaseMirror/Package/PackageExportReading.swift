/// What a module file exports, as read by an export reader: its names, the packages it re-exports
/// wholesale (`export * from 'pkg'`, opaque: their names are not known), and files it could not read.
public struct PackageExportScan: Sendable, Equatable {
    public var names: Set<String>
    public var opaque: [String]
    public var warnings: [String]

    /// Creates a value.
    public init(names: Set<String>, opaque: [String] = [], warnings: [String] = []) {
        self.names = names
        self.opaque = opaque
        self.warnings = warnings
    }
}

/// Reads the names a built module exports, following the dist's own relative re-exports. The
/// `exports` check of `release-mirror package` runs through this, on the `import` target and on the
/// `types` target.
public protocol PackageExportReading {
    /// The exports of `file` (a path relative to `root`, the package directory).
    func exports(of file: String, root: String) -> PackageExportScan
}
