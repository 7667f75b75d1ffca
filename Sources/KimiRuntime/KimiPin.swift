/// The Kimi versions KimiRuntime is verified against — the one place in code that names them.
///
/// The same values are in the pin table of the project's `RELEASES.md` (a test checks that they
/// agree). At start-up the runtime checks the CLI: over wire it runs `kimi info --json`, over ACP
/// it reads `agentInfo` from the `initialize` answer; it refuses other versions unless
/// ``KimiConfiguration/verifyPeerVersion`` is `false`.
public enum KimiPin {
    /// The verified Kimi CLI release (PyPI `kimi-cli`; 1.51.0 is the last functional legacy release).
    public static let cliVersion = "1.51.0"
    /// The verified Kimi Wire protocol version.
    public static let wireProtocolVersion = "1.10"
    /// The day the pin was verified against the real CLI.
    public static let verifiedOn = "2026-11-21"
    /// The ACP protocol version KimiRuntime speaks.
    public static let acpProtocolVersion = 1
    /// The day the legacy kimi-cli ``cliVersion`` was verified over ACP (`kimi acp`).
    public static let cliVerifiedOverACPOn = "2026-11-28"
    /// The maintained Kimi Code CLI releases (npm `@moonshot-ai/kimi-code`, tags
    /// `@moonshot-ai/kimi-code@X.Y.Z`) KimiRuntime accepts over ACP, each with where it was
    /// verified: a mirror's smoke note (`kimi-conformance` on the release) or "not yet verified".
    /// The legacy kimi-cli ``cliVersion`` is accepted over ACP too.
    public static let acpVerifiedReleases: [(version: String, verified: String)] = [
        ("0.9.0", "not yet verified"),
    ]
    /// The versions of ``acpVerifiedReleases``.
    public static var acpReleases: [String] { acpVerifiedReleases.map(\.version) }
}
