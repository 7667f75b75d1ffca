import Foundation
import Testing
import TestSupport

/// A non-bare mirror (what `init` makes) whose work tree has a managed branch checked out: moving
/// that branch would leave the user's work tree and index showing upstream's changes reversed. Every
/// command that moves branches refuses (exit 2), naming the branch and what to do; nothing moves.
@Suite struct CheckedOutBranchCLITests {
    func expectRefused(_ m: InitMirror, _ arguments: [String], branch: String, _ location: SourceLocation = #_sourceLocation) throws {
        let before = try m.allRefs()
        let result = try m.run(arguments)
        #expect(result.status == 2, "\(arguments): \(result.output)", sourceLocation: location)
        #expect(result.stderr.contains(branch) && result.stderr.contains("checked out"), "\(result.stderr)", sourceLocation: location)
        #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)", sourceLocation: location)
        #expect(try m.allRefs() == before, "\(arguments): nothing moved or pushed", sourceLocation: location)
        #expect(try m.git("symbolic-ref", "HEAD") == branch, sourceLocation: location)
    }

    @Test func syncRefusesToMoveTheCheckedOutMirrorBranch() throws {
        let m = try InitMirror("rm-checkout-main")
        #expect(try m.run(["sync"]).status == 0)
        // The user checks out upstream-main in the mirror's work tree and has work in progress.
        try m.git("symbolic-ref", "HEAD", "refs/heads/upstream-main")
        try m.git("read-tree", "refs/heads/upstream-main")
        try "work in progress\n".write(toFile: m.mirror + "/NOTES.txt", atomically: true, encoding: .utf8)
        let index = try m.git("write-tree")
        try m.upstream.commit("feat: one more")
        try expectRefused(m, ["sync"], branch: "refs/heads/upstream-main")
        try expectRefused(m, ["sync", "--dry-run"], branch: "refs/heads/upstream-main")
        let tip = try m.git("rev-parse", "refs/heads/upstream-main")
        try expectRefused(m, ["accept-rewrite", tip + "~1"], branch: "refs/heads/upstream-main")
        #expect(try m.git("write-tree") == index, "the index is untouched")
        #expect(try String(contentsOfFile: m.mirror + "/NOTES.txt", encoding: .utf8) == "work in progress\n")
        // Back on the default branch, the same sync goes through.
        try m.git("symbolic-ref", "HEAD", "refs/heads/config")
        #expect(try m.run(["sync"]).status == 0)
    }

    @Test func syncRefusesWhenAReleaseBranchIsCheckedOut() throws {
        let m = try InitMirror("rm-checkout-release")
        #expect(try m.run(["sync"]).status == 0)
        try m.git("symbolic-ref", "HEAD", "refs/heads/release/v0.2.0")
        try m.upstream.commit("feat: one more")
        try expectRefused(m, ["sync"], branch: "refs/heads/release/v0.2.0")
    }

    @Test func aFirstSyncRefusesToCreateTheBranchUnderAnUnbornCheckout() throws {
        let m = try InitMirror("rm-checkout-unborn")
        try m.git("symbolic-ref", "HEAD", "refs/heads/upstream-main")
        try expectRefused(m, ["sync"], branch: "refs/heads/upstream-main")
        #expect(try m.refs(m.mirror).isEmpty, "no ref created")
    }
}
