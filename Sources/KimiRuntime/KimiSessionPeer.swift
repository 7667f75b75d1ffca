import Foundation

extension KimiSession {
    // MARK: - Peer process

    func ensurePeer() async throws -> WireClient {
        let thinking = KimiLaunchPlan.thinkingFlag(for: effort)
        if let peer {
            if await peer.client.isAlive, peer.thinking == thinking { return peer.client }
            self.peer = nil
            await peer.client.shutdown(grace: timeouts.shutdownGrace)
        }
        try await runtime.verifyPeer(executable: plan.executable, environment: plan.environment)
        let process = try await ChildProcess.launch(
            executable: plan.executable,
            arguments: plan.arguments(sessionID: id, thinking: thinking),
            environment: plan.environment
        )
        let client = WireClient(process: process)
        await client.start()
        do {
            let answer = try await client.call("initialize", params: Self.initializeParams, timeout: timeouts.startup)
            let version = answer["protocol_version"]?.stringValue ?? "(none)"
            if runtime.configuration.verifyPeerVersion, version != KimiPin.wireProtocolVersion {
                throw RuntimeError.protocol(
                    "the Kimi CLI speaks wire protocol \(version), but KimiRuntime is pinned to wire protocol "
                        + "\(KimiPin.wireProtocolVersion) (Kimi CLI \(KimiPin.cliVersion))"
                )
            }
        } catch let error as WireRPCError {
            await client.shutdown(grace: .milliseconds(200))
            throw RuntimeError.protocol("the Kimi CLI rejected initialize: \(error.message) (\(error.code))")
        } catch {
            await client.shutdown(grace: .milliseconds(200))
            throw error
        }
        peer = RunningPeer(client: client, thinking: thinking)
        peerStarts += 1
        if !startedOnce {
            startedOnce = true
            await notify(.sessionStart(sessionID: id))
        }
        return client
    }

    func dispose(_ client: WireClient) async {
        if peer?.client === client { peer = nil }
        await client.shutdown(grace: .milliseconds(200))
    }

    func replay(_ client: WireClient) async throws -> (entries: [TranscriptEntry], events: Int) {
        _ = await client.takeAll()
        let answer: JSONValue
        do {
            answer = try await client.call("replay", params: [:], timeout: timeouts.startup)
        } catch let error as WireRPCError {
            throw RuntimeError.protocol("the Kimi CLI rejected replay: \(error.message) (\(error.code))")
        }
        var builder = TranscriptBuilder()
        for item in await client.takeAll() {
            // Replayed server requests keep their original ids and must not be answered.
            if case .message(.event(let type, let payload)) = item {
                builder.consume(type: type, payload: payload)
            }
        }
        return (builder.finish(), answer["events"]?.intValue ?? 0)
    }
}
