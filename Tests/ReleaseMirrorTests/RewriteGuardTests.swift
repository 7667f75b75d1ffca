import Foundation
import Git
@testable import ReleaseMirror
import Testing

/// The pure decisions behind accept-rewrite's guard and the checked-out-branch refusal.
@Suite struct RewriteGuardTests {
    static func id(_ n: Int) -> ObjectID { ObjectID(hex: String(format: "%040x", n))! }
    let branch = "refs/heads/upstream-main"

    func facts(pending: [Int], upstream: Int? = nil, ancestor: Bool = false) -> RewriteGuard.Facts {
        RewriteGuard.Facts(
            branch: branch, mirrorTip: Self.id(1),
            pending: pending.map { ("refs/release-mirror/quarantine/2026112\($0)T000000Z-x", Self.id($0)) },
            upstreamTip: upstream.map(Self.id), upstreamProblem: upstream == nil ? "connection refused" : nil,
            targetIsAncestor: ancestor)
    }

    @Test func withNothingHeldOnlyTheCurrentTipIsANoOp() {
        #expect(RewriteGuard.decide(Self.id(1), facts(pending: [])) == .alreadyThere)
        guard case .refuse(let message) = RewriteGuard.decide(Self.id(5), facts(pending: [], upstream: 5)) else {
            Issue.record("accepted with nothing held")
            return
        }
        #expect(message.contains("no rewrite is held") && message.contains("nothing was moved or pushed"))
        #expect(!RewriteGuard.needsUpstream(Self.id(5), facts(pending: [])), "no connection when nothing is held")
    }

    @Test func whileHeldTheNewestQuarantineOrUpstreamsTipIsAccepted() {
        #expect(RewriteGuard.decide(Self.id(3), facts(pending: [2, 3])) == .accept)
        #expect(!RewriteGuard.needsUpstream(Self.id(3), facts(pending: [2, 3])))
        #expect(RewriteGuard.decide(Self.id(4), facts(pending: [2, 3], upstream: 4)) == .accept)
        #expect(RewriteGuard.needsUpstream(Self.id(4), facts(pending: [2, 3])))
        for target in [2, 7] {
            guard case .refuse(let message) = RewriteGuard.decide(Self.id(target), facts(pending: [2, 3], upstream: 4)) else {
                Issue.record("\(target) accepted")
                continue
            }
            #expect(message.contains(Self.id(3).hex) && message.contains("quarantine/20261123"), "\(message)")
            #expect(message.contains("upstream's current tip \(Self.id(4).hex)"), "\(message)")
        }
        guard case .refuse(let rewind) = RewriteGuard.decide(Self.id(9), facts(pending: [3], ancestor: true)) else {
            Issue.record("rewind accepted")
            return
        }
        #expect(rewind.contains("(a rewind)") && rewind.contains("could not be listed: connection refused"), "\(rewind)")
    }

    @Test func aWorkTreeWithAManagedBranchCheckedOutIsRefused() {
        let managed = { (ref: String) in ref == "refs/heads/upstream-main" || ref.hasPrefix("refs/heads/release/v") }
        let refusal = CheckedOutBranch.refusal(path: "/m", isBare: false, head: "refs/heads/upstream-main", isManaged: managed)
        #expect(refusal?.contains("/m is a work tree with refs/heads/upstream-main checked out") == true)
        #expect(CheckedOutBranch.refusal(path: "/m", isBare: false, head: "refs/heads/release/v1.0.0", isManaged: managed) != nil)
        #expect(CheckedOutBranch.refusal(path: "/m", isBare: true, head: "refs/heads/upstream-main", isManaged: managed) == nil)
        #expect(CheckedOutBranch.refusal(path: "/m", isBare: false, head: "refs/heads/main", isManaged: managed) == nil)
        #expect(CheckedOutBranch.refusal(path: "/m", isBare: false, head: nil, isManaged: managed) == nil, "detached")
    }
}
