import Foundation
import Testing
import TestSupport

/// `sync` takes patch branches from the mirror's remote as they are, never pushes them, records a
/// force-push, and smokes each new tip.
@Suite struct PatchSyncCLITests {
    @Test func syncAdoptsForcePushesAndSmokesEachNewTip() throws {
        let f = try PatchCLITests.Fixture()
        let config = f.m.mirror + "/release-mirror.toml"
        var toml = try String(contentsOfFile: config, encoding: .utf8)
        toml = toml.replacingOccurrences(of: "on = \"never\"", with: "on = \"new-releases\"")
        let command = try #require(toml.components(separatedBy: "\n").first { $0.hasPrefix("command = ") })
        toml = toml.replacingOccurrences(of: command, with: #"command = ["sh", "-c", "test ! -e fail.txt"]"#)
        try toml.write(toFile: config, atomically: true, encoding: .utf8)

        try f.run("patch", "start", "fix", "--on", f.tag(3)).expect(0)
        try f.peopleCommit("patch/fix", file: "fail.txt")
        let failing = try Shell.git("rev-parse", "HEAD", in: f.people)
        let first = try f.run("sync", "--json")
        #expect(first.status == 4, "the patch tip's smoke failed: \(first.output)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        let adopted = try #require(json["patch_branches"] as? [[String: Any]], "\(first.stdout)")
        #expect(adopted.first?["tip"] as? String == failing)
        #expect(adopted.first?["forced"] as? Bool == false)
        #expect(try Shell.git("rev-parse", "refs/heads/patch/fix", in: f.m.mirror) == failing)
        #expect(try Shell.git("notes", "--ref=release-mirror", "show", failing, in: f.m.mirror).contains("\"failed\""))

        // people replace the tip (force-push): adopted as it is, recorded, smoked again
        try Shell.git("reset", "-q", "--hard", "HEAD~1", in: f.people)
        try "ok\n".write(toFile: f.people + "/ok.txt", atomically: true, encoding: .utf8)
        try Shell.git("add", "-A", in: f.people)
        try Shell.git("commit", "-q", "-m", "patch: ok", in: f.people)
        try Shell.git("push", "-q", "--force", "origin", "patch/fix", in: f.people)
        let fixed = try Shell.git("rev-parse", "HEAD", in: f.people)
        let second = try f.run("sync").expect(0)
        #expect(second.output.contains("force-pushed"), "\(second.output)")
        #expect(try Shell.git("rev-parse", "refs/heads/patch/fix", in: f.m.mirror) == fixed)
        #expect(try Shell.git("notes", "--ref=release-mirror", "show", fixed, in: f.m.mirror).contains("\"passed\""))
        #expect(try Shell.git("rev-parse", "refs/heads/patch/fix", in: f.m.origin) == fixed, "sync never wrote the branch")

        // nothing new: no smoke, up to date
        let third = try f.run("sync", "--json").expect(0)
        #expect(third.stdout.contains("\"up_to_date\" : true"), "\(third.stdout)")
    }
}
