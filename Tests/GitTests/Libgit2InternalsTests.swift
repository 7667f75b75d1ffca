import Testing

@testable import Git

/// The version gate of the fast paths written against libgit2 1.5's internals.
@Suite struct Libgit2InternalsTests {
    @Test func onlyLibgit2OnePointFiveEnablesTheFastPaths() {
        #expect(Libgit2Internals(linkedMajor: 1, minor: 5, revision: 1).enabled)
        #expect(Libgit2Internals(linkedMajor: 1, minor: 5, revision: 2).enabled, "a patch release keeps the layout")
        for (major, minor) in [(1, 4), (1, 6), (1, 9), (2, 5), (0, 5)] {
            let other = Libgit2Internals(linkedMajor: Int32(major), minor: Int32(minor), revision: 0)
            #expect(!other.enabled, "\(major).\(minor)")
            let notice = other.notice ?? ""
            #expect(notice.hasPrefix("libgit2 \(major).\(minor).0 (compiled against 1.5."), "\(notice)")
            #expect(notice.contains("network timeouts are off"))
        }
        #expect(Libgit2Internals(linkedMajor: 1, minor: 5, revision: 1).notice == nil)
    }

    @Test func thisBuildIsOnLibgit2OnePointFiveWithTheFastPathsOn() {
        // The supported platform (Debian bookworm, libgit2-dev 1.5.1) runs the fast paths.
        #expect(Libgit2.internals.compiledVersion.hasPrefix("1.5."))
        #expect(Libgit2.internals.linkedVersion == Libgit2.version)
        #expect(Libgit2.internals.enabled)
    }

    @Test func aPretendedVersionIsParsedStrictly() {
        #expect(Libgit2Internals.parse("1.9.0").map { [$0.0, $0.1, $0.2] } == [1, 9, 0])
        for bad in ["", "1.9", "1.9.0.1", "1..0", "a.b.c", " 1.9.0"] {
            #expect(Libgit2Internals.parse(bad) == nil, "\(bad)")
        }
        let pretended = Libgit2Internals.current(environment: [Libgit2Internals.pretendVersionVariable: "1.9.0"])
        #if DEBUG
            #expect(!pretended.enabled)
            #expect(pretended.linkedVersion == "1.9.0")
        #else
            #expect(pretended.enabled, "release builds ignore the pretended version")
        #endif
        #expect(Libgit2Internals.current(environment: [:]).enabled)
    }
}
