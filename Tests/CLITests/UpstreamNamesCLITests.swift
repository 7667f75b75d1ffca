import Foundation
import Testing
import TestSupport

/// Release tags upstream may carry that the mirror cannot hold as they are: a name too long for a
/// file system (git keeps it in packed-refs, but a ref file or lock of that name cannot exist) and
/// SemVer numbers above 2^64 − 1. Each is one finding and a warning; every other release is mirrored.
@Suite struct UpstreamNamesCLITests {
    /// Adds `name` → `sha` to upstream's packed-refs by hand (the only place such a name can live).
    static func addPackedRef(_ name: String, _ sha: String, in repository: String) throws {
        try Shell.git("pack-refs", "--all", in: repository)
        let file = repository + "/.git/packed-refs"
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map(String.init)
        // Entries: a "sha name" line, optionally followed by its "^peeled" line; keep them sorted.
        var entries: [(name: String, lines: [String])] = []
        for line in lines.dropFirst() {
            if line.hasPrefix("^"), !entries.isEmpty { entries[entries.count - 1].lines.append(line) } else {
                entries.append((String(line.split(separator: " ")[1]), [line]))
            }
        }
        entries.append((name, ["\(sha) \(name)"]))
        entries.sort { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
        let text = ([lines[0]] + entries.flatMap(\.lines)).joined(separator: "\n") + "\n"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
    }

    func findings(_ stdout: String) throws -> [[String: Any]] {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
        return ((json["plan"] as? [String: Any])?["findings"] as? [[String: Any]]) ?? []
    }

    @Test func aTagNameTooLongForTheFileSystemIsOneFindingAndEveryOtherReleaseIsMirrored() throws {
        let m = try InitMirror("rm-long-tag")
        let long = "@moonshot-ai/kimi-code@1.0.0-" + String(repeating: "x", count: 250)
        let head = try m.upstream.revParse("HEAD")
        try Self.addPackedRef("refs/tags/" + long, head, in: m.upstream.path)
        #expect(try Shell.git("rev-parse", "refs/tags/" + long, in: m.upstream.path) == head, "git CLI reads it")

        let result = try m.run(["sync", "--json"])
        #expect(result.status == 0, "\(result.output)")
        let found = try findings(result.stdout)
        #expect(found.count == 1, "\(found)")
        #expect(found.first?["kind"] as? String == "name-too-long", "\(found)")
        #expect(found.first?["ref"] as? String == "refs/tags/" + long)
        #expect(result.stderr.contains("warning:") && result.stderr.contains("too long"), "\(result.stderr)")
        let mirror = try m.refs(m.mirror)
        let origin = try m.refs(m.origin)
        for release in m.upstream.releases {
            #expect(mirror["refs/tags/" + release.tag] != nil, "\(release.tag) mirrored")
            #expect(origin["refs/heads/release/v" + release.version] != nil, "\(release.version) published")
        }
        #expect(mirror["refs/heads/upstream-main"] == head)
        #expect(!mirror.keys.contains { $0.contains("xxxxxxxx") }, "the long name is nowhere in the mirror")

        let again = try m.run(["sync"])
        #expect(again.status == 0, "\(again.output)")
        #expect(again.stdout.hasPrefix("up to date"), "\(again.output)")
        #expect(again.stderr.contains("too long"), "still warned: \(again.stderr)")
    }

    @Test func semVerNumbersAbove2To64AreTooLargeNotNotSemVer() throws {
        let m = try InitMirror("rm-big-semver")
        let tooLarge = "@moonshot-ai/kimi-code@18446744073709551616.0.0"
        let largest = "@moonshot-ai/kimi-code@1.0.18446744073709551615"
        for tag in [tooLarge, largest] { try Shell.git("tag", tag, in: m.upstream.path) }
        let result = try m.run(["sync", "--json"])
        #expect(result.status == 0, "\(result.output)")
        let found = try findings(result.stdout)
        let finding = try #require(found.first { $0["ref"] as? String == "refs/tags/" + tooLarge }, "\(found)")
        #expect(finding["kind"] as? String == "version-too-large", "\(finding)")
        let message = finding["message"] as? String ?? ""
        #expect(message.contains("18446744073709551616") && message.contains("too large"), "\(message)")
        #expect(!message.contains("not a SemVer"), "\(message)")
        #expect(found.count == 1, "the largest number that fits is a version: \(found)")
        let mirror = try m.refs(m.mirror)
        #expect(mirror["refs/tags/" + largest] != nil)
        #expect(mirror["refs/heads/release/v1.0.18446744073709551615"] != nil)
        #expect(mirror["refs/tags/" + tooLarge] == nil)
    }

    /// A release tag whose version is not SemVer is skipped for good: the first sync that sees it
    /// warns (and annotates under GitHub Actions); later syncs keep it in the plan's findings but
    /// stay silent, until upstream moves the tag.
    @Test func aTagThatIsNotSemVerWarnsOnceNotEveryRun() throws {
        let m = try InitMirror("rm-not-semver")
        let odd = "@moonshot-ai/kimi-code@v2-beta"
        try Shell.git("tag", odd, in: m.upstream.path)
        var env = InitMirror.environment
        env["GITHUB_ACTIONS"] = "true"
        let first = try Shell.run([m.binary, "sync"], in: m.mirror, environment: env)
        #expect(first.status == 0, "\(first.output)")
        #expect(first.stderr.contains("warning: skipped: \"v2-beta\" is not a SemVer 2.0 version"), "\(first.stderr)")
        #expect(first.stdout.contains("::warning::skipped: \"v2-beta\""), "\(first.stdout)")

        let second = try Shell.run([m.binary, "sync", "--json"], in: m.mirror, environment: env)
        #expect(second.status == 0, "\(second.output)")
        #expect(!second.output.contains("v2-beta\" is not a SemVer"), "warned again: \(second.output)")
        #expect(try findings(second.stdout).map { $0["kind"] as? String } == ["invalid-version"], "still a finding in --json")

        // A new release makes the next sync do work: still no warning for the old tag.
        try m.upstream.commit("more")
        try Shell.git("tag", "@moonshot-ai/kimi-code@9.0.0", in: m.upstream.path)
        let third = try Shell.run([m.binary, "sync"], in: m.mirror, environment: env)
        #expect(third.status == 0, "\(third.output)")
        #expect(third.stdout.contains("9.0.0"), "\(third.output)")
        #expect(!third.stderr.contains("warning: skipped"), "warned again: \(third.stderr)")

        // Upstream moves the tag: that is news, warned once more.
        try Shell.git("tag", "-f", odd, in: m.upstream.path)
        let moved = try Shell.run([m.binary, "sync"], in: m.mirror, environment: env)
        #expect(moved.stderr.contains("warning: skipped: \"v2-beta\""), "\(moved.output)")
    }
}
