/// The Kimi versions KimiRuntime is verified against — the one place in code that names them.
///
/// The same values are in the pin table of the project's `RELEASES.md` (a test checks that they
/// agree). At start-up the runtime runs `kimi info --json` and refuses a peer reporting other
/// versions unless ``KimiConfiguration/verifyPeerVersion`` is `false`.
public enum KimiPin {
    /// The verified Kimi CLI release (PyPI `kimi-cli`; 1.51.0 is the last functional legacy release).
    public static let cliVersion = "1.51.0"
    /// The verified Kimi Wire protocol version.
    public static let wireProtocolVersion = "1.10"
    /// The day the pin was verified against the real CLI.
    public static let verifiedOn = "2026-11-21"
}
