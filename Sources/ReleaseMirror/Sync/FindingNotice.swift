import Git

/// Which of a plan's findings a sync prints as warnings (SPEC §5.2). A release tag the mirror skips
/// for good (its version is not SemVer, or has a number too large) stays in the plan's findings on
/// every run, but is warned about once: on the run that first sees it at that object, i.e. when the
/// private namespace (`refs/release-mirror/upstream/tags/…`, read before the fetch) did not hold it.
/// Every other finding is warned about on every run.
public enum FindingNotice {
    /// The findings to print, in order.
    public static func toPrint(_ findings: [Finding], seen: [String: ObjectID]) -> [Finding] {
        findings.filter { finding in
            guard finding.kind == .invalidVersion || finding.kind == .versionTooLarge,
                finding.ref.hasPrefix("refs/tags/"), let theirs = finding.theirs
            else { return true }
            return seen["tags/" + finding.ref.dropFirst("refs/tags/".count)] != theirs
        }
    }
}
