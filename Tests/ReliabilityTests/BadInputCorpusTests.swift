import Foundation
import Testing
import TestSupport

/// The bad-input corpus (Tests/Fixtures/bad-input, written by its make-corpus.py; expectations in
/// expectations.json) run through the built tool: every malformed config, ledger and manifest
/// gets one clear error naming the file and line (or the ref and path), the documented exit code,
/// and changes no ref. Huge files, directories and symlinks where files are expected are made at
/// run time.
@Suite struct BadInputCorpusTests {
    struct Expectation: Decodable {
        let exit: Int32
        let line: Int?
        let contains: String
        let finding: String?
        let check: String?
        /// Error findings expected in all (default 1): a duplicate row also leaves its first row
        /// naming a tag the empty mirror lacks.
        let errors: Int?
    }

    static let corpus = Upstream.packageRoot + "/Tests/Fixtures/bad-input"

    static func expectations() throws -> [String: Expectation] {
        try JSONDecoder().decode([String: Expectation].self, from: Data(contentsOf: URL(fileURLWithPath: corpus + "/expectations.json")))
    }

    static func files(_ kind: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: corpus + "/" + kind).sorted().map { "\(kind)/\($0)" }
    }

    /// A small synced mirror whose refs must never change, and a work directory to run in.
    final class Bench {
        let tmp = TemporaryDirectory("rm-bad")
        var work: String { tmp.url("work") }
        var mirror: String { tmp.url("work/mirror.git") }
        init() throws {
            try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
            _ = try Upstream.generate(at: tmp.url("up"), ["--commits", "20", "--releases", "3", "--unrelated", "1"])
            try """
                [upstream]
                url = "../up"
                [mirror]
                repository = "mirror.git"
                remote = ""
                [smoke]
                on = "never"

                """.write(toFile: work + "/release-mirror.toml", atomically: true, encoding: .utf8)
            let sync = try Tool.run(["sync"], in: work)
            guard sync.status == 0 else { throw FixtureError("sync: \(sync.output)") }
        }
        func refs() throws -> [String: String] { try Repo.refs(mirror) }
    }

    @Test func theCorpusIsComplete() throws {
        let expectations = try Self.expectations()
        var all: [String] = []
        for kind in ["config", "ledger", "manifest"] { all += try Self.files(kind) }
        #expect(Set(all) == Set(expectations.keys), "every file has an expectation and every expectation a file")
        #expect(all.count >= 40, "\(all.count) files")
        print("bad-input corpus: \(all.count) checked-in files (\(try Self.files("config").count) configs, "
            + "\(try Self.files("ledger").count) ledgers, \(try Self.files("manifest").count) manifests)")
    }

    // MARK: - Configs

    /// `release-mirror --config PATH sync`: exit 2, one stderr line `PATH:LINE: …`, nothing on stdout.
    func expectConfigRejected(
        _ path: String, line: Int?, contains: String, bench: Bench, named: String? = nil,
        _ location: SourceLocation = #_sourceLocation
    ) throws {
        let before = try bench.refs()
        let result = try Tool.run(["--config", path, "sync"], in: bench.work, timeout: 60)
        let lines = result.stderr.split(separator: "\n")
        #expect(result.status == 2, "\(path): \(result.output.prefix(500))", sourceLocation: location)
        #expect(lines.count == 1, "one error line for \(path): \(result.stderr.prefix(500))", sourceLocation: location)
        #expect(result.stderr.utf8.count < 1000, "a short line, not the input: \(result.stderr.prefix(500))", sourceLocation: location)
        let shown = named ?? path  // a symlink is reported as the file it resolves to
        let place = (line ?? 0) > 0 ? "\(shown):\(line ?? 0):" : "\(shown):"
        #expect(result.stderr.hasPrefix("error: " + place), "names the file and line \(place): \(result.stderr)", sourceLocation: location)
        #expect(result.stderr.contains(contains), "\(path): expected \"\(contains)\" in \(result.stderr.prefix(500))", sourceLocation: location)
        #expect(result.stdout.isEmpty, sourceLocation: location)
        #expect(try bench.refs() == before, "no ref changed", sourceLocation: location)
    }

    @Test func everyBadConfigIsOneClearErrorWithExit2() throws {
        let bench = try Bench()
        let expectations = try Self.expectations()
        try FileManager.default.createDirectory(atPath: bench.tmp.url("corpus/config"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: Self.corpus + "/expectations.json", toPath: bench.tmp.url("corpus/expectations.json"))
        for file in try Self.files("config") {
            let expected = try #require(expectations[file])
            // Run a copy, laid out as the corpus is (config/NAME beside expectations.json, which
            // a config may name): a config the tool wrongly accepted would create its mirror
            // repository ("." by default) next to the file, which must never be the source tree.
            let copy = bench.tmp.url("corpus/config/" + (file as NSString).lastPathComponent)
            try FileManager.default.copyItem(atPath: Self.corpus + "/" + file, toPath: copy)
            try expectConfigRejected(copy, line: expected.line, contains: expected.contains, bench: bench)
        }
    }

    /// Configs under the 1 MiB cap that crashed the TOML library (toml++ in TOMLKit) by exhausting
    /// the stack: a dotted key or a table header with hundreds of thousands of parts (exit 139, a
    /// debug build already at 60 KB). Now each is exit 2 with one line naming the file and line.
    @Test func keysAndHeadersThatCrashedTheTOMLLibrary() throws {
        let bench = try Bench()
        let start = "[upstream]\nurl = \"https://example.invalid/up.git\"\n"
        let parts = { (n: Int, separator: String) in Array(repeating: "a", count: n).joined(separator: separator) }
        let cases: [(String, String, String)] = [
            ("dotted-key-800k", start + parts(400_000, ".") + " = 1\n", "400000 dotted parts"),
            ("dotted-key-60k", start + parts(30_000, ".") + " = 1\n", "30000 dotted parts"),
            ("table-header-800k", start + "[" + parts(400_000, ".") + "]\n", "400000 dotted parts"),
            ("array-table-header-600k", start + "[[" + parts(300_000, ".") + "]]\n", "300000 dotted parts"),
            ("spaced-header-500k", start + "[ " + parts(100_000, " . ") + " ]\n", "100000 dotted parts"),
            ("quoted-dotted-key-800k", start + "x" + String(repeating: ".\"a\"", count: 200_000) + " = 1\n", "200001 dotted parts"),
            ("inline-table-key-400k", start + "x = { " + parts(200_000, ".") + " = 1 }\n", "200000 dotted parts"),
            ("bare-key-800k", start + String(repeating: "k", count: 800_000) + " = 1\n", "800000 characters"),
        ]
        for (name, text, contains) in cases {
            let path = bench.tmp.url(name + ".toml")
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            #expect(text.utf8.count < 1 << 20, "\(name) is under the 1 MiB cap")
            try expectConfigRejected(path, line: 3, contains: contains, bench: bench)
        }
    }

    @Test func configPathsThatAreNotFiles() throws {
        let bench = try Bench()
        let dir = bench.tmp.url("cases")
        try FileManager.default.createDirectory(atPath: dir + "/a-directory.toml", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir + "/link-to-directory.toml", withDestinationPath: dir + "/a-directory.toml")
        try FileManager.default.createSymbolicLink(atPath: dir + "/dangling.toml", withDestinationPath: dir + "/nowhere.toml")
        try FileManager.default.createSymbolicLink(atPath: dir + "/loop-a.toml", withDestinationPath: dir + "/loop-b.toml")
        try FileManager.default.createSymbolicLink(atPath: dir + "/loop-b.toml", withDestinationPath: dir + "/loop-a.toml")
        var huge = "[upstream]\nurl = \"https://example.invalid/up.git\"\n# "
        huge += String(repeating: "x", count: 2 << 20) + "\n"
        try huge.write(toFile: dir + "/huge.toml", atomically: true, encoding: .utf8)
        try expectConfigRejected(dir + "/a-directory.toml", line: 0, contains: "is a directory", bench: bench)
        try expectConfigRejected(
            dir + "/link-to-directory.toml", line: 0, contains: "is a directory", bench: bench, named: dir + "/a-directory.toml")
        try expectConfigRejected(dir + "/dangling.toml", line: 0, contains: "no such file", bench: bench)
        try expectConfigRejected(dir + "/loop-a.toml", line: 0, contains: "no such file", bench: bench)
        try expectConfigRejected(dir + "/huge.toml", line: 0, contains: "a config is at most 1 MiB", bench: bench)
    }

    // MARK: - Ledgers

    /// `release-mirror audit --ledger PATH --json` on an empty mirror.
    func audit(_ path: String, in work: String) throws -> (TimedResult, [String: Any]?) {
        let result = try Tool.run(["audit", "--json", "--ledger", path], in: work, timeout: 60)
        return (result, try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    static func emptyMirror(_ tmp: TemporaryDirectory) throws -> String {
        let work = tmp.url("ledger-work")
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        try Shell.git("init", "-q", "--bare", work + "/mirror.git", in: work)
        try """
            [upstream]
            url = "https://example.invalid/up.git"
            [mirror]
            repository = "mirror.git"
            remote = ""

            """.write(toFile: work + "/release-mirror.toml", atomically: true, encoding: .utf8)
        return work
    }

    @Test func everyBadLedgerIsOneFindingWithItsLineAndExit5() throws {
        let tmp = TemporaryDirectory("rm-bad-ledger")
        let work = try Self.emptyMirror(tmp)
        let expectations = try Self.expectations()
        for file in try Self.files("ledger") {
            let expected = try #require(expectations[file])
            let path = Self.corpus + "/" + file
            let (result, json) = try audit(path, in: work)
            #expect(result.status == expected.exit, "\(file): \(result.output)")
            let findings = (json?["findings"] as? [[String: Any]]) ?? []
            let errors = findings.filter { $0["severity"] as? String == "error" }
            #expect(errors.count == (expected.errors ?? 1), "\(file): one error: \(findings)")
            guard let finding = errors.first(where: { $0["id"] as? String == expected.finding }) ?? errors.first else { continue }
            #expect(finding["id"] as? String == expected.finding, "\(file): \(finding)")
            #expect((finding["line"] as? Int ?? 0) == (expected.line ?? 0), "\(file): line \(finding)")
            #expect((finding["message"] as? String ?? "").contains(expected.contains) || (finding["subject"] as? String ?? "").contains(expected.contains),
                    "\(file): \(finding)")
            #expect(json?["ledger"] as? String == path, "names the ledger file")
            #expect(result.stderr.contains(path) || result.stdout.contains(path))
            #expect(try Repo.refs(work + "/mirror.git").isEmpty, "no ref written")
        }
    }

    @Test func ledgersThatAreHugeDirectoriesOrLinks() throws {
        let tmp = TemporaryDirectory("rm-bad-ledger2")
        let work = try Self.emptyMirror(tmp)
        // 8 MiB of human notes around one bad row: one finding, quickly.
        let bad = try String(contentsOfFile: Self.corpus + "/ledger/03-short-commit.md", encoding: .utf8)
        let notes = String(repeating: "Release notes, written by hand. | not | a | table |\n", count: 160_000)
        try (notes + bad + notes).write(toFile: tmp.url("huge.md"), atomically: true, encoding: .utf8)
        let (huge, json) = try audit(tmp.url("huge.md"), in: work)
        #expect(huge.status == 5, "\(huge.stderr)")
        #expect(huge.elapsed < 30, "\(huge.elapsed) s")
        let findings = (json?["findings"] as? [[String: Any]]) ?? []
        #expect(findings.count == 1 && findings.first?["line"] as? Int == 160_000 + 9, "\(findings)")

        try FileManager.default.createDirectory(atPath: tmp.url("dir.md"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: tmp.url("dangling.md"), withDestinationPath: tmp.url("nowhere.md"))
        for (path, message) in [(tmp.url("dir.md"), "is a directory"), (tmp.url("dangling.md"), "no ledger here")] {
            let (result, _) = try audit(path, in: work)
            #expect(result.status == 1, "an unreadable ledger is an I/O failure (exit 1): \(result.output)")
            #expect(result.stderr.contains(path) && result.stderr.contains(message), "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").filter { $0.hasPrefix("error:") }.count == 1, "\(result.stderr)")
        }
        // A symlink to a good-enough ledger is simply read through.
        try FileManager.default.createSymbolicLink(atPath: tmp.url("link.md"), withDestinationPath: Self.corpus + "/ledger/03-short-commit.md")
        let (linked, _) = try audit(tmp.url("link.md"), in: work)
        #expect(linked.status == 5 && linked.stdout.contains("is not 12 to 40 hex digits"), "\(linked.output)")
        #expect(try Repo.refs(work + "/mirror.git").isEmpty)
    }

    // MARK: - Manifests

    /// A mirror whose release tag `@moonshot-ai/kimi-code@1.0.<n>` carries the n-th manifest (bytes,
    /// or a symlink / directory / nothing at the manifest path), and a ledger with a row for each.
    final class ManifestBench {
        let tmp = TemporaryDirectory("rm-bad-manifest")
        var work: String { tmp.url("work") }
        var mirror: String { tmp.url("work/mirror.git") }
        var tags: [String: String] = [:]  // case name → tag

        enum Content {
            case bytes(Data)
            case symlink
            case directory
            case absent
        }

        init(_ cases: [(String, Content)]) throws {
            let source = tmp.url("source")
            try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
            try Shell.git("init", "-q", "-b", "main", source, in: tmp.path)
            var rows: [String] = []
            let path = source + "/packages/node-sdk/package.json"
            for (index, (name, content)) in cases.enumerated() {
                try? FileManager.default.removeItem(atPath: source + "/packages")
                try FileManager.default.createDirectory(atPath: source + "/packages/node-sdk", withIntermediateDirectories: true)
                switch content {
                case .bytes(let data): try data.write(to: URL(fileURLWithPath: path))
                case .symlink: try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "../../../../etc/passwd")
                case .directory:
                    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
                    try "{}".write(toFile: path + "/index.json", atomically: true, encoding: .utf8)
                case .absent: try "x".write(toFile: source + "/packages/node-sdk/README.md", atomically: true, encoding: .utf8)
                }
                try Shell.git("add", "-A", in: source)
                try Shell.git("commit", "-q", "--allow-empty", "-m", name, in: source)
                let tag = "@moonshot-ai/kimi-code@1.0.\(index)"
                try Shell.git("tag", "-a", "-m", name, tag, in: source)
                tags[name] = tag
                let commit = try Shell.git("rev-parse", "HEAD", in: source)
                rows.insert("| `\(tag)` | `\(commit.prefix(12))` | 1.0.0 | — | — |", at: 0)
            }
            try Shell.git("init", "-q", "--bare", mirror, in: tmp.path)
            try Shell.git("push", "-q", mirror, "main:refs/heads/upstream-main", "refs/tags/*:refs/tags/*", in: source)
            try """
                [upstream]
                url = "https://example.invalid/up.git"
                [mirror]
                repository = "mirror.git"
                remote = ""

                """.write(toFile: work + "/release-mirror.toml", atomically: true, encoding: .utf8)
            try ("# Releases\n\n## Version mapping\n<!-- release-mirror:mapping:begin -->\n"
                + "| Upstream tag | Commit | SDK version | Publish tag | Smoke |\n|---|---|---|---|---|\n"
                + rows.joined(separator: "\n") + "\n<!-- release-mirror:mapping:end -->\n")
                .write(toFile: work + "/RELEASES.md", atomically: true, encoding: .utf8)
        }

        /// `publish-tag 1.0.0 --from TAG --no-push --allow-unverified`: the result and its FAIL lines.
        func publish(_ name: String) throws -> (TimedResult, [String]) {
            let tag = tags[name] ?? "?"
            let result = try Tool.run(["publish-tag", "1.0.0", "--from", tag, "--no-push", "--allow-unverified"], in: work, timeout: 60)
            let fails = result.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.hasPrefix("FAIL") }
            return (result, fails)
        }
    }

    func expectManifestRejected(
        _ bench: ManifestBench, _ name: String, contains: String, _ location: SourceLocation = #_sourceLocation
    ) throws {
        let before = try Repo.refs(bench.mirror)
        let ledger = try Data(contentsOf: URL(fileURLWithPath: bench.work + "/RELEASES.md"))
        let (result, fails) = try bench.publish(name)
        let tag = bench.tags[name] ?? "?"
        #expect(result.status == 5, "\(name): \(result.output)", sourceLocation: location)
        #expect(fails.count == 1, "\(name): exactly one failed check: \(fails)", sourceLocation: location)
        let line = fails.first ?? ""
        #expect(line.hasPrefix("FAIL   manifest"), "\(name): \(line)", sourceLocation: location)
        #expect(line.contains("packages/node-sdk/package.json at \(tag)"), "names the path and the tag: \(line)", sourceLocation: location)
        #expect(line.contains(contains), "\(name): expected \"\(contains)\" in \(line)", sourceLocation: location)
        #expect(result.stderr.contains("nothing was created, written or pushed"), sourceLocation: location)
        #expect(try Repo.refs(bench.mirror) == before, "no ref changed", sourceLocation: location)
        #expect(try Data(contentsOf: URL(fileURLWithPath: bench.work + "/RELEASES.md")) == ledger, "ledger untouched", sourceLocation: location)
    }

    @Test func everyBadManifestFailsTheManifestCheckWithExit5() throws {
        let expectations = try Self.expectations()
        let files = try Self.files("manifest")
        var cases: [(String, ManifestBench.Content)] = try files.map {
            ($0, .bytes(try Data(contentsOf: URL(fileURLWithPath: Self.corpus + "/" + $0))))
        }
        cases += [
            ("runtime/huge", .bytes(Data(("{\"version\": \"1.0.0\", \"pad\": \"" + String(repeating: "x", count: 2 << 20) + "\"}").utf8))),
            ("runtime/symlink", .symlink), ("runtime/directory", .directory), ("runtime/absent", .absent),
        ]
        let bench = try ManifestBench(cases)
        for file in files {
            let expected = try #require(expectations[file])
            try expectManifestRejected(bench, file, contains: expected.contains)
        }
        try expectManifestRejected(bench, "runtime/huge", contains: "is larger than")
        try expectManifestRejected(bench, "runtime/symlink", contains: "is a symbolic link")
        try expectManifestRejected(bench, "runtime/directory", contains: "is a directory")
        try expectManifestRejected(bench, "runtime/absent", contains: "no such file")
    }

    // MARK: - Names on the command line

    @Test func badVersionsAndTagNamesOnTheCommandLine() throws {
        let bench = try Bench()
        let before = try bench.refs()
        let cases: [([String], Int32, String)] = [
            (["publish-tag", "1.0.0 beta", "--from", "@moonshot-ai/kimi-code@0.2.0"], 2, "is not a SemVer 2.0 version"),
            (["publish-tag", "v1.0.0", "--from", "@moonshot-ai/kimi-code@0.2.0"], 2, "is not a SemVer 2.0 version"),
            (["publish-tag", "1.0.0", "--from", "kimi code@1.0.0"], 5, "is not a release tag"),
            (["publish-tag", "1.0.0", "--from", "@moonshot-ai/kimi-code@1..0"], 5, "mirror-tag"),
            (["publish-tag", "1.0.0", "--from", "@moonshot-ai/kimi-code@{1.0.0"], 5, "mirror-tag"),
            (["publish-tag", "1.0.0", "--from", "@moonshot-ai/kimi-code@1.0.0\u{07}"], 5, "mirror-tag"),
            (["accept-rewrite", "HEAD@{1}", "--no-push"], 2, "HEAD@{1}"),
        ]
        for (arguments, status, contains) in cases {
            let result = try Tool.run(arguments + (arguments[0] == "publish-tag" ? ["--no-push"] : []), in: bench.work, timeout: 60)
            #expect(result.status == status, "\(arguments): \(result.output)")
            #expect(result.output.contains(contains), "\(arguments): \(result.output)")
            #expect(try bench.refs() == before, "\(arguments): no ref changed")
        }
    }
}
