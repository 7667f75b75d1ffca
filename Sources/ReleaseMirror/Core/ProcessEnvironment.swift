internal import MirrorSystem

/// What the front end does to its own process before any command runs (see `MirrorSystem`): the
/// tool holds a push token while the smoke hook runs upstream's code as the same user, and it
/// must end on SIGTERM, SIGINT or SIGHUP only at a safe point.
public enum ProcessEnvironment {
    /// Marks the process non-dumpable, so processes of the same user (the smoke hook included)
    /// cannot read its environment or memory (`ProcessHardening.disableDumping`).
    /// - Returns: whether the process is now non-dumpable.
    @discardableResult
    public static func harden() -> Bool { ProcessHardening.disableDumping() }

    /// Catches SIGTERM, SIGINT and SIGHUP from now on: the process then exits at a safe point with
    /// status 128 + the signal, no hook or checkout left behind (`Interruption`). Idempotent.
    public static func installSignalHandling() { Interruption.shared.install() }
}
