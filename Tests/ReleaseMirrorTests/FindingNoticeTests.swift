import Git
import Testing

@testable import ReleaseMirror

/// Which findings a sync warns about: a skipped non-SemVer (or too large) tag once, on the run that
/// first sees it at that object; everything else every time.
@Suite struct FindingNoticeTests {
    func id(_ digit: Character) throws -> ObjectID { try #require(ObjectID(hex: String(repeating: digit, count: 40))) }

    @Test func aSkippedTagIsWarnedOnlyWhileItIsNewAtItsObject() throws {
        let odd = Finding(kind: .invalidVersion, ref: "refs/tags/v-odd", message: "skipped", theirs: try id("a"))
        let large = Finding(kind: .versionTooLarge, ref: "refs/tags/v99999999999999999999.0.0", message: "too large", theirs: try id("b"))
        let moved = Finding(kind: .tagMoved, ref: "refs/tags/v1.0.0", message: "moved", ours: try id("c"), theirs: try id("d"))
        let long = Finding(kind: .nameTooLong, ref: "refs/tags/" + String(repeating: "x", count: 300), message: "long", theirs: try id("e"))
        let all = [odd, large, moved, long]

        #expect(FindingNotice.toPrint(all, seen: [:]) == all, "first sight: every finding")
        let seen: [String: ObjectID] = ["tags/v-odd": try id("a"), "tags/v99999999999999999999.0.0": try id("b"), "tags/v1.0.0": try id("d")]
        #expect(FindingNotice.toPrint(all, seen: seen) == [moved, long], "seen at the same object: silent; the rest every run")
        let retagged = seen.merging(["tags/v-odd": try id("f")]) { $1 }
        #expect(FindingNotice.toPrint(all, seen: retagged) == [odd, moved, long], "upstream moved the tag: news again")
    }
}
