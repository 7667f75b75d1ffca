/// Caches `kimi info --json` per executable (failures are not cached).
actor PeerVersionGate {
    private var cache: [String: KimiPeerVersion] = [:]
    private var inFlight: [String: Task<KimiPeerVersion, any Error>] = [:]

    func version(
        for executable: String,
        probe: @escaping @Sendable () async throws -> KimiPeerVersion
    ) async throws -> KimiPeerVersion {
        if let cached = cache[executable] { return cached }
        let task: Task<KimiPeerVersion, any Error>
        if let running = inFlight[executable] {
            task = running
        } else {
            task = Task { try await probe() }
            inFlight[executable] = task
        }
        do {
            let version = try await task.value
            cache[executable] = version
            inFlight[executable] = nil
            return version
        } catch {
            inFlight[executable] = nil
            throw error
        }
    }
}
