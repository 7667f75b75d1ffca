#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// SIGPIPE set to "ignore" in this process (once, and only when it is still the default), so
/// writing to a child that died returns EPIPE instead of killing the program. Children get the
/// default disposition back (swift-subprocess resets every signal in the child).
enum BrokenPipe {
    static func ignore() { _ = ignored }

    private static let ignored: Void = {
        var current = sigaction()
        guard sigaction(SIGPIPE, nil, &current) == 0 else { return }
        #if canImport(Darwin)
            let isDefault = current.__sigaction_u.__sa_handler == nil
        #else
            let isDefault = current.__sigaction_handler.sa_handler == nil
        #endif
        if isDefault { _ = signal(SIGPIPE, SIG_IGN) }
    }()
}
