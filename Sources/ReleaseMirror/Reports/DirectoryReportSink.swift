import Foundation

/// Writes each report as `<fingerprint, sanitised>.md` (the issue title and body) and `.json`
/// (the whole `BreakReport`) into `report.directory`. A later report with the same fingerprint
/// replaces the files; each file is written to a temporary name and renamed into place, so a
/// reader never sees half a report.
public struct DirectoryReportSink: Sendable {
    /// The directory (created when missing).
    public let directory: String

    /// Creates a sink writing into `directory`.
    public init(directory: String) { self.directory = directory }

    /// Writes `report` (already redacted) and returns the Markdown file's path.
    /// - Throws: `MirrorError.io` naming the path and the reason.
    @discardableResult
    public func write(_ report: BreakReport) throws(MirrorError) -> String {
        let base = (directory as NSString).appendingPathComponent(report.fileStem)
        let markdown = "# \(report.title)\n\n\(report.body)\n"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let json: Data
        do { json = try encoder.encode(report) } catch {
            throw .io(path: base + ".json", message: "cannot encode the report: \(error)")
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .io(path: directory, message: "cannot create the report directory (report.directory): \(error.localizedDescription)")
        }
        try DirectoryReportSink.replace(base + ".md", with: Data(markdown.utf8))
        try DirectoryReportSink.replace(base + ".json", with: json + Data("\n".utf8))
        return base + ".md"
    }

    static func replace(_ path: String, with data: Data) throws(MirrorError) {
        let temporary = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: data) else {
            throw .io(path: temporary, message: "cannot write the report (check report.directory and its permissions)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw .io(path: path, message: "cannot move the report into place: \(reason)")
        }
    }
}
