import Foundation
import Git
import Testing
import TestSupport

/// `Repository.patchID(of:)` and `commits(from:hiding:)` on repositories made with the git CLI.
@Suite struct PatchIDTests {
    @Test func aCherryPickAndARewordedRebaseKeepThePatchIDAndOtherChangesDiffer() throws {
        let tmp = TemporaryDirectory()
        let work = tmp.url("work")
        @discardableResult func git(_ arguments: String...) throws -> String { try Shell.git(arguments, in: work) }
        func write(_ file: String, _ text: String) throws { try text.write(toFile: work + "/" + file, atomically: true, encoding: .utf8) }
        try Shell.git("init", "-q", "-b", "main", work, in: tmp.path)
        try write("a.txt", "1\n2\n3\n4\n5\n6\n7\n8\n9\n")
        try git("add", "-A")
        try git("commit", "-q", "-m", "base")
        try git("checkout", "-q", "-b", "fix")
        try write("a.txt", "1\n2\n3\n4\n5\n6\n7\n8\nnine\n")
        try git("commit", "-q", "-am", "fix nine")
        let fix = try git("rev-parse", "HEAD")
        try git("checkout", "-q", "main")
        try write("a.txt", "zero\n1\n2\n3\n4\n5\n6\n7\n8\n9\n")
        try git("commit", "-q", "-am", "upstream moves lines")
        try git("cherry-pick", fix)
        try git("commit", "-q", "--amend", "-m", "reworded: the same change")
        let picked = try git("rev-parse", "HEAD")
        try write("b.txt", "other\n")
        try git("add", "-A")
        try git("commit", "-q", "-m", "other")
        let other = try git("rev-parse", "HEAD")

        let repo = try Repository.open(at: work)
        let id = { (hex: String) throws -> ObjectID? in try repo.patchID(of: ObjectID(hex: hex)!) }
        let fixID = try #require(try id(fix))
        #expect(try id(picked) == fixID, "the line numbers moved and the message changed, the change did not")
        #expect(try id(other) != fixID)
        // git's own patch-id agrees on which commits carry the same change
        let cli = { (hex: String) throws -> String in
            let result = try Shell.run(["sh", "-c", "git show \(hex) | git patch-id --stable"], in: work)
            return String(result.stdout.split(separator: " ").first ?? "")
        }
        #expect(try cli(fix) == (try cli(picked)))
        #expect(try cli(fix) != (try cli(other)))

        try git("merge", "-q", "--no-ff", "-m", "merge fix", "fix")
        let merge = try ObjectID(hex: git("rev-parse", "HEAD"))!
        #expect(try repo.patchID(of: merge) == nil, "a merge commit has no patch id")
        let base = try ObjectID(hex: git("rev-parse", "main~4"))!
        let walked = try repo.commits(from: [merge], hiding: [base])
        #expect(walked.count == 5, "upstream moves, picked, other, fix, merge: \(walked.count)")
        #expect(walked.first == merge)
    }
}
