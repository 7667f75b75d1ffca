/// The caller's answer to a ``PermissionRequest``.
public enum PermissionDecision: String, Sendable, Hashable, CaseIterable {
    /// Run the tool.
    case allow
    /// Do not run the tool; the model is told to stop and wait for the user.
    case deny
    /// Do not run the tool now; the model is told that the decision was deferred and may go on
    /// without it.
    case `defer`
}
