import Clibgit2
import Git
import Testing

/// `GitError.Code` names libgit2's own numbers exactly, and the layer's codes stay out of its range.
@Suite struct GitErrorCodeTests {
    @Test func theNamedLibgit2CodesAreLibgit2s() {
        let libgit2: [(GitError.Code, git_error_code)] = [
            (.generic, GIT_ERROR), (.notFound, GIT_ENOTFOUND), (.exists, GIT_EEXISTS), (.user, GIT_EUSER),
            (.locked, GIT_ELOCKED), (.modified, GIT_EMODIFIED), (.authentication, GIT_EAUTH),
            (.certificate, GIT_ECERTIFICATE),
        ]
        for (code, theirs) in libgit2 { #expect(code.rawValue == theirs.rawValue, "\(code)") }
        let own: [GitError.Code] = [.pushRejected, .invalid, .tooLarge, .networkTimeout]
        #expect(Set(libgit2.map(\.0) + own) == Set(GitError.Code.allCases))
        for code in own { #expect(code.rawValue < -1000, "\(code)") }
    }

    @Test func predicatesAndKindReadTheCode() {
        let locked = GitError(code: .locked, message: "held", operation: "lock")
        #expect(locked.code == GIT_ELOCKED.rawValue)
        #expect(locked.kind == .locked && locked.isLocked && !locked.isNotFound)
        #expect(GitError(code: .networkTimeout, message: "", operation: "").isNetworkTimeout)
        #expect(GitError(code: GIT_EINVALIDSPEC.rawValue, message: "", operation: "").kind == nil)
        #expect(GitError.invalidCode == GitError.Code.invalid.rawValue)
    }
}
