import CMirrorSystem

/// Hardening of the tool's own process, for a tool that holds a push token while it runs
/// untrusted code (the smoke hook builds upstream's code as the same user).
public enum ProcessHardening {
    /// Marks the process non-dumpable (Linux `PR_SET_DUMPABLE` 0): processes of the same user,
    /// the smoke hook included, can then no longer read `/proc/<pid>/environ` (where the token
    /// variables are), `/proc/<pid>/mem`, or attach with ptrace; no core file is written. Root and
    /// holders of `CAP_SYS_PTRACE` still can: it narrows the exposure, it does not remove it (see
    /// docs/threat-model.md). Children that `exec` are dumpable again, so hooks work as usual.
    /// - Returns: whether the process is now non-dumpable.
    @discardableResult
    public static func disableDumping() -> Bool {
        _ = mirrorsystem_set_process_dumpable(0)
        return mirrorsystem_process_dumpable() == 0
    }
}
