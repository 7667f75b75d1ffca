import Git

/// What the CLI does to its own process before anything else: it holds a push token and runs the
/// smoke hook (upstream's code) as the same user, so other processes of that user must not read
/// its environment or memory (`ProcessHardening.disableDumping`), then the network settings
/// (`NetworkDefaults`), and how it ends on SIGTERM, SIGINT or SIGHUP: at a safe point, with
/// status 128 + the signal, no hook or checkout left behind (`Interruption`).
enum ProcessSetup {
    static func apply() {
        ProcessHardening.disableDumping()
        NetworkDefaults.apply()
        Interruption.shared.install()
    }
}
