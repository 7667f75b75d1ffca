import Foundation
import Testing
import TestSupport

/// Every command's real `--json` output against docs/JSON.md (`JSONContract`): one mirror, every
/// command run on it, each document compared with the example the docs give for it.
@Suite struct JSONContractTests {
    /// The documents every command prints, by the name docs/JSON.md gives them.
    static let documented: Set<String> = [
        "init", "init --upgrade", "sync", "status", "smoke", "accept-rewrite", "publish-tag", "package", "audit", "ledger update",
        "ledger notes", "surface", "patch start", "patch list", "patch set-base", "patch retire", "error",
    ]

    @Test func theDocumentHasOneExamplePerCommandAndEveryCommandIsDocumented() throws {
        let examples = try JSONContract.examples()
        #expect(Set(examples.keys) == Self.documented)
        let help = try Shell.run([Products.executable("release-mirror"), "--help"])
        let section = help.stdout.components(separatedBy: "SUBCOMMANDS:\n").last?.components(separatedBy: "\n\n").first ?? ""
        let commands = section.split(separator: "\n").filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }
            .compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(commands.count >= 11, "\(help.stdout)")
        for command in commands {
            #expect(examples.keys.contains { $0 == command || $0.hasPrefix(command + " ") }, "docs/JSON.md lacks \(command)")
        }
        for (name, example) in examples {
            #expect(example["schema_version"] == .number(1), "\(name): schema_version")
        }
    }

    @Test func theComparisonFailsOnARenamedMissingOrRetypedKey() throws {
        let example = try JSONContract.parse(#"{"a": 1, "b": {"c": "x", "d": [{"e": true}]}, "f": null}"#)
        #expect(JSONContract.mismatches(try JSONContract.parse(#"{"a": 2, "b": {"c": "y", "d": []}, "f": "z"}"#), example).isEmpty)
        #expect(JSONContract.mismatches(try JSONContract.parse(#"{"a": 2, "b": {"c": "y", "d": [{"e": false}]}, "f": null}"#), example).isEmpty)
        #expect(JSONContract.mismatches(try JSONContract.parse(#"{"A": 2, "b": {"c": "y", "d": []}, "f": null}"#), example)
            == ["$.a: missing", "$.A: not in the document"])
        #expect(JSONContract.mismatches(try JSONContract.parse(#"{"a": "2", "b": {"c": "y", "d": [{"e": 1}]}, "f": null}"#), example)
            == ["$.a: string, the document has number", "$.b.d[0].e: number, the document has bool"])
        #expect(JSONContract.mismatches(try JSONContract.parse(#"{"a": 1, "b": {"d": [{"e": true, "g": 1}]}, "f": null}"#), example)
            == ["$.b.c: missing", "$.b.d[0].g: not in the document"])
    }

    @Test func everyCommandFollowsTheDocument() throws {
        let fixture = try PackageCLIFixture()
        var checked: Set<String> = []
        func check(_ name: String, _ arguments: [String], status: Int32? = 0, in directory: String? = nil) throws -> JSONContract.Value {
            let result = try fixture.run(arguments + ["--json"], in: directory)
            if let status { #expect(result.status == status, "\(arguments): \(result.output)") }
            checked.insert(name)
            return try JSONContract.check(name, result)
        }

        let second = fixture.tmp.url("second")
        _ = try check("init", ["init", "--upstream", fixture.upstream, "--remote", "", second] + ToolRefFixture.arguments, in: fixture.tmp.path)
        let upgrade = try check("init --upgrade", ["init", "--upgrade", "--dry-run", second] + ToolRefFixture.arguments, in: fixture.tmp.path)
        if case .array(let files)? = upgrade["files"] { #expect(!files.isEmpty) } else { Issue.record("init --upgrade: \(upgrade)") }

        // A new release and a tag that is not SemVer, smoked by the sync.
        var config = try String(contentsOfFile: fixture.configPath, encoding: .utf8)
        config = config.replacingOccurrences(of: "on = \"never\"", with: "on = \"new-releases\"")
        config = config.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasPrefix("command = ") ? #"command = ["sh", "-c", "echo smoked"]"# : String($0)
        }.joined(separator: "\n")
        try config.write(toFile: fixture.configPath, atomically: true, encoding: .utf8)
        try Shell.git("commit", "-q", "--allow-empty", "-m", "release 0.14.0", in: fixture.upstream)
        try Shell.git("tag", "@moonshot-ai/kimi-code@0.14.0", in: fixture.upstream)
        try Shell.git("tag", "@moonshot-ai/kimi-code@v14", in: fixture.upstream)
        let sync = try check("sync", ["sync"])
        #expect(sync["up_to_date"] == .bool(false))
        let again = try check("sync", ["sync"])
        #expect(again["up_to_date"] == .bool(true))
        _ = try check("status", ["status"])
        _ = try check("smoke", ["smoke", "@moonshot-ai/kimi-code@0.13.0"])
        _ = try check("ledger update", ["ledger", "update"])
        _ = try check("audit", ["audit"], status: nil)
        _ = try check("surface", ["surface", "@moonshot-ai/kimi-code@0.13.0"])
        _ = try check("ledger notes", ["ledger", "notes", "@moonshot-ai/kimi-code@0.13.0"])
        _ = try check("publish-tag", ["publish-tag", "0.3.3", "--from", "0.13.0", "--allow-unverified"])
        let source = try fixture.checkout("0.10.0")
        _ = try check("package", ["package", "0.3.0", "--source", source, "--out", fixture.tmp.url("package-out")])

        _ = try check("patch start", ["patch", "start", "fix-one", "--on", "0.13.0", "--reason", "a local fix"])
        let list = try check("patch list", ["patch", "list"])
        if case .array(let patches)? = list["patches"] { #expect(patches.count == 1) } else { Issue.record("patch list: \(list)") }
        _ = try check("patch set-base", ["patch", "set-base", "fix-one", "--on", "0.13.0"])
        _ = try check("patch retire", ["patch", "retire", "fix-one"])

        // A history rewrite, held, then accepted.
        try Shell.git("reset", "-q", "--hard", "HEAD~1", in: fixture.upstream)
        try Shell.git("commit", "-q", "--allow-empty", "-m", "rewritten", in: fixture.upstream)
        let tip = try Shell.git("rev-parse", "HEAD", in: fixture.upstream)
        _ = try check("sync", ["sync"], status: 3)
        _ = try check("accept-rewrite", ["accept-rewrite", tip])

        // Errors: a configuration error (exit 2) and a usage error, one document shape.
        let error = try check("error", ["status", "--config", fixture.tmp.url("missing.toml")], status: 2)
        if case .array(let problems)? = error["problems"], case .object(let first)? = problems.first {
            #expect(first["file"] == .string(fixture.tmp.url("missing.toml")), "\(error)")
        } else {
            Issue.record("error document without problems: \(error)")
        }
        let usage = try check("error", ["sync", "--no-such-flag"], status: 2)
        #expect(usage["exit_status"] == .number(2))
        #expect(checked == Self.documented)
    }
}
