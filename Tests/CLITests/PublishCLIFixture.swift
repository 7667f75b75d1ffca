import Foundation
import Testing
import TestSupport

/// A mirror made by the real binary (`init` + `sync` + `ledger update`) of a generated upstream
/// whose SDK version repeats across release tags, drifts once without a bump (`--drift-at 7`) and
/// goes backwards once (`--regress-at 12`). Release index → tag, SDK: 0–2 0.2.x/0.1.0 ·
/// 3–5 0.3.x/0.1.1 · 6–8 0.4.x/0.1.2 · 9–11 0.5.x/0.1.3 · 12–14 0.6.x/0.1.2 · 15–17 0.7.x/0.1.3 ·
/// 18–19 0.8.x/0.2.0.
final class PublishCLIFixture {
    let tmp = TemporaryDirectory("rm-cli-publish")
    let upstream: Upstream
    let origin: String
    let directory: String
    var ledgerPath: String { directory + "/RELEASES.md" }

    init() throws {
        upstream = try Upstream.generate(
            at: tmp.url("up"), ["--commits", "60", "--releases", "20", "--unrelated", "2", "--drift-at", "7", "--regress-at", "12"])
        origin = tmp.url("origin.git")
        try Shell.git("init", "-q", "--bare", origin, in: tmp.path)
        directory = tmp.url("mirror")
        try run(["init", "--upstream", upstream.path, "--remote", origin, directory] + ToolRefFixture.arguments, in: tmp.path).expect(0)
        try run(["sync", "--quiet"]).expect(0)
        try run(["ledger", "update", "--quiet"]).expect(0)
    }

    /// Runs the real binary in the mirror directory.
    @discardableResult
    func run(_ arguments: [String], in directory: String? = nil) throws -> ProcessResult {
        try Shell.run([Products.executable("release-mirror")] + arguments, in: directory ?? self.directory)
    }

    func tag(_ index: Int) -> String { upstream.releases[index].tag }

    /// The peeled commit of a tag in the mirror.
    func commit(_ tag: String) throws -> String { try git("rev-parse", tag + "^{commit}") }

    /// Writes a smoke note with the git CLI (as a CI job that smoked the commit would have).
    func setSmoke(_ status: String, on tag: String) throws {
        let note = #"{"command":["pnpm","build"],"duration_s":42,"log_tail":"…","started":"2026-01-01T04:17:00Z","status":"\#(status)","tool_version":"0.1.0"}"#
        try git("notes", "--ref=release-mirror", "add", "-f", "-m", note, try commit(tag))
    }

    /// Every ref of the mirror and the published mirror.
    func allRefs() throws -> String {
        try Upstream.refList(directory) + "\n--\n" + Upstream.refList(origin)
    }

    func ledger() throws -> Data { try Data(contentsOf: URL(fileURLWithPath: ledgerPath)) }

    func ledgerLines() throws -> [String] {
        try String(contentsOfFile: ledgerPath, encoding: .utf8).components(separatedBy: "\n")
    }

    /// The 1-based line of `tag`'s row.
    func line(of tag: String) throws -> Int {
        guard let index = try ledgerLines().firstIndex(where: { $0.hasPrefix("| `\(tag)` |") }) else {
            throw FixtureError("no row for \(tag)")
        }
        return index + 1
    }

    @discardableResult
    func git(_ arguments: String...) throws -> String { try Shell.git(arguments, in: directory) }
}

extension ProcessResult {
    /// Records an issue (with the output) unless the process exited `status`.
    @discardableResult
    func expect(_ status: Int32, sourceLocation: SourceLocation = #_sourceLocation) -> ProcessResult {
        #expect(self.status == status, "exit \(self.status): \(output)", sourceLocation: sourceLocation)
        return self
    }
}
