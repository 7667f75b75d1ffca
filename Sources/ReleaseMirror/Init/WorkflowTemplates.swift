/// The workflow files `init` installs into `.github/workflows/`. Generated from `workflows/` by
/// `scripts/embed-workflows.py`; a test checks they match.
public enum WorkflowTemplates {
    /// One workflow file.
    public struct File: Sendable {
        public let name: String
        public let contents: String
    }

    /// Every shipped workflow.
    public static let all: [File] = []
}
