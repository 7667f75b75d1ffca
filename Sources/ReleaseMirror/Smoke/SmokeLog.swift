import Foundation

/// The log of one smoke run: every line (already redacted) goes to a file, kept after the run,
/// and the last `tailLength` lines stay in memory for the note and the report.
final class SmokeLog {
    /// Lines kept for the note's `log_tail` and the report (SPEC §8: the last 60 lines).
    static let tailLength = 60
    /// The prefix of release-mirror's own header lines (skipped by triage).
    static let headerPrefix = "# "
    /// Characters kept per line in the tail (the file keeps the whole line).
    static let tailLineLimit = 400

    /// The log file, or `nil` when it could not be created (the tail is still kept).
    let path: String?
    /// Why the file could not be created, if it could not.
    let fileError: String?
    private let handle: FileHandle?
    private var tail: [String] = []
    private var start = 0

    /// Creates `<directory>/<name>.log` (and the directory).
    init(directory: String, name: String) {
        let path = (directory as NSString).appendingPathComponent(name + ".log")
        var handle: FileHandle?
        var failure: String?
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            if FileManager.default.createFile(atPath: path, contents: nil) {
                handle = FileHandle(forWritingAtPath: path)
            }
            if handle == nil { failure = "cannot create \(path)" }
        } catch {
            failure = "cannot create \(directory): \(error.localizedDescription)"
        }
        self.handle = handle
        self.path = handle == nil ? nil : path
        self.fileError = failure
    }

    deinit { try? handle?.close() }

    /// Appends one line to the file and the tail.
    func append(_ line: String) {
        handle?.write(Data((line + "\n").utf8))
        let short = line.count > SmokeLog.tailLineLimit ? String(line.prefix(SmokeLog.tailLineLimit)) + " …" : line
        if tail.count < SmokeLog.tailLength {
            tail.append(short)
        } else {
            tail[start] = short
            start = (start + 1) % SmokeLog.tailLength
        }
    }

    /// The last lines, oldest first, joined with newlines.
    var tailText: String {
        (Array(tail[start...]) + Array(tail[..<start])).joined(separator: "\n")
    }
}
