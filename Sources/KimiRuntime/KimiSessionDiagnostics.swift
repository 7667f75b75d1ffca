extension KimiSession {
    /// The CLI's own time for the last turn: from writing the `prompt` request to reading its
    /// answer (`nil` before the first turn or after the CLI was stopped). The rest of a turn's
    /// time is KimiRuntime's (benchmarks compare the two).
    public var lastPeerTurnTime: Duration? {
        get async { await peer?.client.lastRequestRoundTrip }
    }
}
