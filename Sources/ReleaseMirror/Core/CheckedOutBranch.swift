/// A non-bare mirror repository (what `init` makes) whose work tree has a branch the tool manages
/// checked out: moving that branch under the work tree would leave the user's files and index
/// showing upstream's changes reversed, as if staged. Commands that move branches refuse it.
/// Pure; `MirrorWorkspace.lockForBranchUpdates` reads the facts.
enum CheckedOutBranch {
    /// The refusal for a repository at `path` whose `HEAD` names `head` (a full ref name, `nil`
    /// when detached), or `nil` when nothing the tool moves is checked out.
    static func refusal(path: String, isBare: Bool, head: String?, isManaged: (String) -> Bool) -> String? {
        guard !isBare, let head, head.hasPrefix("refs/heads/"), isManaged(head) else { return nil }
        return "\(path) is a work tree with \(head) checked out, a branch release-mirror moves: your files and index "
            + "would show upstream's changes reversed. Check out another branch there (`git -C \(path) switch -c work` or "
            + "`git -C \(path) checkout --detach`), or point mirror.repository at a bare repository"
    }
}
