import Foundation
import Git
import Testing
import TestSupport

@Suite struct TreeTests {
    @Test func rootTreeIDMatchesGitAndPeelsTags() throws {
        let tmp = TemporaryDirectory()
        let up = try Upstream.generate(at: tmp.url("up"), ["--commits", "10", "--releases", "2", "--unrelated", "0"])
        let repo = try Repository.open(at: up.path)
        let head = try #require(ObjectID(hex: try up.revParse("HEAD")))
        #expect(try repo.rootTreeID(of: head).hex == (try up.revParse("HEAD^{tree}")))
        let tag = try #require(up.releases.first { $0.annotated })
        let tagObject = try #require(try repo.referenceTarget("refs/tags/" + tag.tag))
        #expect(try repo.rootTreeID(of: tagObject).hex == (try up.revParse(tag.tag + "^{tree}")))
        // a subdirectory's id through entry(at:path:) agrees with git's
        let sdk = try #require(try repo.entry(at: head, path: "packages/node-sdk"))
        #expect(sdk.kind == .directory)
        #expect(sdk.id.hex == (try up.revParse("HEAD:packages/node-sdk")))
        let blob = try #require(try repo.entry(at: head, path: "packages/node-sdk/package.json"))
        #expect(throws: GitError.self) { try repo.rootTreeID(of: blob.id) }
    }
}
