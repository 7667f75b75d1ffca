import Foundation
import ReleaseMirror
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// All terminal output of the CLI, in one place: human text (stdout, or stderr under `--json`),
/// progress bars on a TTY and plain lines otherwise, GitHub Actions annotations, step summary and
/// outputs, and redaction of every secret before anything is written.
final class Console: Sendable {
    let json: Bool
    let quiet: Bool
    let verbose: Bool
    let isTTY: Bool
    let gitHubActions: Bool
    let redactor: Redactor
    private let state = Mutex(ProgressState())

    private struct ProgressState: Sendable {
        var progressShown = false
        var label = ""
        var lastStep = -1
        var lastCurrent = 0
    }

    init(options: GlobalOptions, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.json = options.json
        self.quiet = options.quiet
        self.verbose = options.verbose
        self.isTTY = isatty(STDERR_FILENO) == 1 && environment["TERM"] != "dumb"
        self.gitHubActions = environment["GITHUB_ACTIONS"] == "true"
        self.redactor = Redactor(environment: environment, tokenEnv: nil)
    }

    /// A console that also redacts the configuration's token variables and URL credentials.
    func with(configuration: Configuration, environment: [String: String] = ProcessInfo.processInfo.environment) -> Console {
        Console(copying: self, redactor: Redactor(environment: environment, configuration: configuration))
    }

    private init(copying other: Console, redactor: Redactor) {
        json = other.json
        quiet = other.quiet
        verbose = other.verbose
        isTTY = other.isTTY
        gitHubActions = other.gitHubActions
        self.redactor = redactor
    }

    // MARK: - Streams

    private func write(_ text: String, toStandardError: Bool) {
        clearProgress()
        let clean = redactor.redact(text)
        let data = Data((clean.hasSuffix("\n") ? clean : clean + "\n").utf8)
        (toStandardError ? FileHandle.standardError : FileHandle.standardOutput).write(data)
    }

    /// A line of the human result (stdout, or stderr under `--json`).
    func result(_ text: String) { write(text, toStandardError: json) }

    /// A progress or informational line (stderr), hidden by `--quiet`.
    func info(_ text: String) { if !quiet { write(text, toStandardError: true) } }

    /// A detail line (stderr), shown with `--verbose`.
    func detail(_ text: String) { if verbose { write(text, toStandardError: true) } }

    /// A warning: stderr, plus a `::warning::` annotation under GitHub Actions (with `file=` and
    /// `line=` when the warning concerns a known file and line; on stdout, or on stderr under
    /// `--json`, whose stdout holds only the document).
    func warning(_ text: String, file: String? = nil, line: Int? = nil) {
        write("warning: " + text, toStandardError: true)
        if gitHubActions { write(Annotation(kind: "warning", file: file, line: line).command(text), toStandardError: json) }
    }

    /// An error: stderr, plus an `::error::` annotation under GitHub Actions (with `file=` and
    /// `line=` when known).
    func error(_ text: String, file: String? = nil, line: Int? = nil) {
        write("error: " + text, toStandardError: true)
        if gitHubActions { write(Annotation(kind: "error", file: file, line: line).command(text), toStandardError: json) }
    }

    /// The JSON result on stdout (only with `--json`), as docs/JSON.md describes (`JSONOutput`).
    func emitJSON<T: Encodable>(_ value: T) {
        guard json else { return }
        do {
            write(try JSONOutput.document(value), toStandardError: false)
        } catch {
            write("error: could not write the --json document: \(error)", toStandardError: true)
        }
    }

    // MARK: - Progress

    /// A progress line: a rewritten line on a TTY; in logs, one line per 25%.
    func progress(_ label: String, current: Int, total: Int, extra: String = "") {
        guard !quiet, total > 0 else { return }
        let percent = min(100, current * 100 / total)
        if isTTY {
            let width = 24
            let filled = width * percent / 100
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            let line = "\r\(label) [\(bar)] \(percent)% (\(current)/\(total))\(extra)"
            state.withLock { $0.progressShown = true }
            FileHandle.standardError.write(Data(redactor.redact(line).utf8))
        } else {
            // In logs: one line per quarter of each transfer.
            let step = percent / 25
            let shouldPrint = state.withLock { s -> Bool in
                if s.label != label || current < s.lastCurrent {
                    s.label = label
                    s.lastStep = 0
                }
                s.lastCurrent = current
                guard step > s.lastStep else { return false }
                s.lastStep = step
                return true
            }
            if shouldPrint {
                write("\(label): \(percent)% (\(current)/\(total))\(extra)", toStandardError: true)
            }
        }
    }

    private func clearProgress() {
        let shown = state.withLock { s -> Bool in
            defer { s.progressShown = false }
            return s.progressShown
        }
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    /// The engine's event sink, routed to this console.
    var events: EventSink {
        EventSink { [self] event in
            switch event {
            case .step(let text): self.info("• " + text)
            case .detail(let text): self.detail("  " + text)
            case .info(let text): self.info(text)
            case .warning(let text): self.warning(text)
            case .error(let text): self.error(text)
            case let .fetchProgress(_, p):
                let mib = String(format: ", %.1f MiB", Double(p.receivedBytes) / 1_048_576)
                self.progress("  receiving objects", current: p.receivedObjects, total: p.totalObjects, extra: mib)
            case .pushProgress(let p):
                self.progress("  sending objects", current: p.current, total: p.total)
            case .hookOutput(let line): self.info("  │ " + line)
            case .groupBegin(let title):
                if self.gitHubActions { self.write("::group::" + title, toStandardError: self.json) } else { self.info("┌ " + title) }
            case .groupEnd:
                if self.gitHubActions { self.write("::endgroup::", toStandardError: self.json) } else { self.info("└") }
            }
        }
    }

    // MARK: - GitHub Actions files

    /// Appends Markdown to `$GITHUB_STEP_SUMMARY` (when it is set, as under GitHub Actions).
    func stepSummary(_ markdown: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard let path = environment["GITHUB_STEP_SUMMARY"], !path.isEmpty else { return }
        append(redactor.redact(markdown) + "\n", to: path)
    }

    /// Writes `key=value` outputs to `$GITHUB_OUTPUT` when it is set (multi-line values with a
    /// delimiter).
    func outputs(_ values: [(String, String)], environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard let path = environment["GITHUB_OUTPUT"], !path.isEmpty else { return }
        var text = ""
        for (key, raw) in values {
            let value = redactor.redact(raw)
            if value.contains("\n") {
                let delimiter = "RELEASE_MIRROR_EOF_\(UInt32.random(in: 0...UInt32.max))"
                text += "\(key)<<\(delimiter)\n\(value)\n\(delimiter)\n"
            } else {
                text += "\(key)=\(value)\n"
            }
        }
        append(text, to: path)
    }

    private func append(_ text: String, to path: String) {
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        guard let handle = FileHandle(forWritingAtPath: path) else { return }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        handle.write(Data(text.utf8))
    }
}
