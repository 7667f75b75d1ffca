/// A release of release-mirror for `init --tool-ref` in tests: the test binary is a development
/// build, which cannot pin the workflows to itself (SPEC §12.1).
public enum ToolRefFixture {
    /// The commit the fixture pins.
    public static let commit = String(repeating: "a", count: 40)
    /// `--tool-ref v0.1.0@<commit>` as arguments.
    public static let arguments = ["--tool-ref", "v0.1.0@" + commit]
}
