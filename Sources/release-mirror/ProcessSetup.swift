import ReleaseMirror

/// What the CLI does to its own process before anything else: it holds a push token and runs the
/// smoke hook (upstream's code) as the same user, so other processes of that user must not read
/// its environment or memory (`ProcessEnvironment.harden`), then the network settings
/// (`NetworkDefaults`), and how it ends on SIGTERM, SIGINT or SIGHUP: at a safe point, with
/// status 128 + the signal, no hook or checkout left behind (`ProcessEnvironment.installSignalHandling`).
enum ProcessSetup {
    static func apply() {
        ProcessEnvironment.harden()
        NetworkDefaults.apply()
        ProcessEnvironment.installSignalHandling()
    }
}
