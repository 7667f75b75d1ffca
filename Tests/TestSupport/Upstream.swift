import Foundation

/// A generated upstream repository shaped like the reference monorepo (scripts/gen-upstream.py).
public struct Upstream {
    /// One release the generator tagged.
    public struct Release: Decodable, Sendable {
        public let tag: String
        public let version: String
        public let sdk: String
        public let annotated: Bool
    }
    private struct Output: Decodable { let releases: [Release] }

    /// The repository's path.
    public let path: String
    /// The releases, oldest first.
    public let releases: [Release]

    /// The package root (where `scripts/` and `Package.swift` live).
    public static var packageRoot: String {
        var url = URL(fileURLWithPath: #filePath)
        while url.pathComponents.count > 1 {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url.path
            }
        }
        return FileManager.default.currentDirectoryPath
    }

    /// Generates an upstream at `path` with the generator's options (e.g. `["--releases", "60"]`).
    public static func generate(at path: String, _ options: [String] = []) throws -> Upstream {
        let script = packageRoot + "/scripts/gen-upstream.py"
        let result = try Shell.run(["python3", script, path] + options)
        guard result.status == 0, let line = result.stdout.split(separator: "\n").last else {
            throw FixtureError("gen-upstream failed: \(result.output)")
        }
        let decoded = try JSONDecoder().decode(Output.self, from: Data(line.utf8))
        return Upstream(path: path, releases: decoded.releases)
    }

    /// `git rev-parse` in the upstream.
    public func revParse(_ rev: String) throws -> String { try Shell.git("rev-parse", rev, in: path) }

    /// Adds a commit on the current branch touching `file`.
    @discardableResult
    public func commit(_ message: String, file: String = "CHANGELOG.md", content: String? = nil) throws -> String {
        let full = (path as NSString).appendingPathComponent(file)
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let text = content ?? ((try? String(contentsOfFile: full, encoding: .utf8)) ?? "") + message + "\n"
        try text.write(toFile: full, atomically: true, encoding: .utf8)
        try Shell.git("add", "-A", in: path)
        try Shell.git("commit", "-q", "-m", message, in: path)
        return try revParse("HEAD")
    }

    /// All refs as `name sha` lines, for before/after comparisons.
    public static func refList(_ repository: String) throws -> String {
        try Shell.git("for-each-ref", "--format=%(refname) %(objectname)", in: repository)
    }
}
