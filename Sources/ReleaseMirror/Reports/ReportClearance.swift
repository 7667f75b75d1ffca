/// A condition that cleared: the open report with this fingerprint (if any) is closed with a
/// comment (a later smoke of the same ref passed, a rewrite was accepted, a sync succeeded).
public struct ReportClearance: Sendable, Codable, Equatable {
    /// The fingerprint of the report to close, e.g. `smoke-failed:@scope/pkg@1.2.3`.
    public var fingerprint: String
    /// The closing comment (Markdown).
    public var comment: String

    /// Creates a value.
    public init(fingerprint: String, comment: String) {
        self.fingerprint = fingerprint
        self.comment = comment
    }
}
