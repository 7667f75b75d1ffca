import Foundation
import Git
import ReleaseMirror
import TestSupport

/// A mirror made the way users make one, by the real binary (`init` + `sync` + `ledger update`), of
/// a generated upstream shaped like kimi-code: the SDK version repeats across consecutive release
/// tags, its package tree changes once without a bump (`--drift-at 7`: 0.4.1 vs 0.4.0, both SDK
/// 0.1.2), and it goes backwards once (`--regress-at 12`: 0.6.0 carries 0.1.2 after 0.1.3).
///
/// Release index → tag, SDK: 0–2 0.2.x/0.1.0 · 3–5 0.3.x/0.1.1 · 6–8 0.4.x/0.1.2 · 9–11 0.5.x/0.1.3 ·
/// 12–14 0.6.x/0.1.2 · 15–17 0.7.x/0.1.3 · 18–19 0.8.x/0.2.0.
final class PublishMirrorFixture {
    let tmp = TemporaryDirectory("rm-mirror")
    let upstream: Upstream
    /// The bare repository `mirror.remote` points at (the published mirror).
    let origin: String
    /// The mirror directory: config, RELEASES.md, and the mirror repository itself.
    let directory: String
    var ledgerPath: String { directory + "/RELEASES.md" }
    var configPath: String { directory + "/release-mirror.toml" }

    init(releases: Int = 20, faults: [String] = ["--drift-at", "7", "--regress-at", "12"], push: Bool = true) throws {
        upstream = try Upstream.generate(
            at: tmp.url("up"), ["--commits", "\(releases * 3)", "--releases", "\(releases)", "--unrelated", "2"] + faults)
        origin = tmp.url("origin.git")
        try Shell.git("init", "-q", "--bare", origin, in: tmp.path)
        directory = tmp.url("mirror")
        try cli(["init", "--upstream", upstream.path, "--remote", push ? origin : "", directory] + ToolRefFixture.arguments, in: tmp.path)
        try cli(["sync", "--quiet"])
        try cli(["ledger", "update", "--quiet"])
    }

    /// Runs the real binary in the mirror directory; throws unless it exits `expect`.
    @discardableResult
    func cli(_ arguments: [String], in directory: String? = nil, expect: Int32 = 0) throws -> ProcessResult {
        let result = try Shell.run([Products.executable("release-mirror")] + arguments, in: directory ?? self.directory)
        guard result.status == expect else {
            throw FixtureError("release-mirror \(arguments.joined(separator: " ")) exited \(result.status): \(result.output)")
        }
        return result
    }

    /// The configuration, optionally edited.
    func configuration(_ edit: (inout Configuration) -> Void = { _ in }) throws -> Configuration {
        var configuration = try ConfigurationLoader.load(path: configPath)
        edit(&configuration)
        return configuration
    }

    /// A workspace on the mirror, with an optionally edited configuration.
    func workspace(_ edit: (inout Configuration) -> Void = { _ in }) throws -> MirrorWorkspace {
        try MirrorWorkspace(configuration: configuration(edit), environment: RunEnvironment(), create: false)
    }

    /// The short name of release `index` (oldest first).
    func tag(_ index: Int) -> String { upstream.releases[index].tag }

    /// The peeled commit of a mirror tag.
    func commit(_ tag: String) throws -> ObjectID {
        let repository = try Repository.open(at: directory)
        guard let object = try repository.referenceTarget("refs/tags/" + tag) else { throw FixtureError("no tag \(tag)") }
        return try repository.peelToCommit(object)
    }

    /// Writes a smoke note on the commit of `tag` through the Git layer, as sync does.
    func setSmoke(_ status: SmokeOutcome.Status, on tag: String) throws {
        let repository = try Repository.open(at: directory)
        let note = SmokeNote(
            status: status, command: ["sh", "-c", "pnpm build"], started: "2026-01-01T04:17:00Z", durationSeconds: 42,
            logTail: status == .passed ? "build ok" : "error TS2304", toolVersion: RunEnvironment.toolVersion,
            ref: "refs/tags/" + tag)
        try repository.setNote(
            for: try commit(tag), notesRef: Configuration.notesRef, message: note.encoded(), authorName: "test",
            authorEmail: "test@example.com")
    }

    /// Every ref of the mirror and of the published mirror, for "nothing was created" comparisons.
    func allRefs() throws -> String {
        try "mirror:\n" + Upstream.refList(directory) + "\norigin:\n" + Upstream.refList(origin)
    }

    /// The ledger's bytes.
    func ledgerBytes() throws -> Data { try Data(contentsOf: URL(fileURLWithPath: ledgerPath)) }

    /// The 1-based ledger line of `tag`'s row.
    func ledgerLine(of tag: String) throws -> Int {
        let lines = try String(contentsOfFile: ledgerPath, encoding: .utf8).components(separatedBy: "\n")
        guard let index = lines.firstIndex(where: { $0.hasPrefix("| `\(tag)` |") }) else { throw FixtureError("no row for \(tag)") }
        return index + 1
    }

    /// Rewrites the ledger with `transform` applied to its lines.
    func editLedger(_ transform: (inout [String]) -> Void) throws {
        var lines = try String(contentsOfFile: ledgerPath, encoding: .utf8).components(separatedBy: "\n")
        transform(&lines)
        try lines.joined(separator: "\n").write(toFile: ledgerPath, atomically: true, encoding: .utf8)
    }

    /// The git CLI in the mirror (fixtures only).
    @discardableResult
    func git(_ arguments: String...) throws -> String { try Shell.git(arguments, in: directory) }
}
