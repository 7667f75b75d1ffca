import Foundation

/// A running `kimi acp` process with an ACP session open in it.
struct AcpConnection: Sendable {
    /// The JSON-RPC client of the process.
    let client: WireClient
    /// What the agent said about itself.
    let agent: AcpAgentInfo
    /// The session id.
    let sessionID: String
    /// The session's model state (`models`, `configOptions`) as last reported.
    var state: JSONValue
    /// The history the agent replayed (`session/load` only).
    let replayed: [TranscriptEntry]

    /// Starts the agent, initializes it and opens a session: a new one, or `resumeID` through
    /// `session/load` (history replayed) or else `session/resume`.
    /// - Throws: ``RuntimeError``; `unsupportedFeature` for an MCP transport the agent does not
    ///   take or a resume it cannot do; `invalidRequest` for an unknown session.
    static func open(plan: AcpLaunchPlan, resumeID: String?, timeout: Duration) async throws -> AcpConnection {
        let process = try await ChildProcess.launch(executable: plan.executable, arguments: plan.arguments, environment: plan.environment)
        let client = WireClient(process: process)
        await client.start()
        do {
            let agent = try await initialize(client, plan: plan, timeout: timeout)
            let servers: JSONValue = .array(plan.mcpServers.map(AcpWireValues.mcpServer))
            guard let resumeID else {
                let answer = try await call(client, "session/new", ["cwd": .string(plan.workDirectory), "mcpServers": servers], timeout)
                guard let id = answer["sessionId"]?.stringValue, !id.isEmpty else {
                    throw RuntimeError.protocol("the ACP agent answered session/new without a sessionId: \(KimiSession.excerpt((try? answer.serialized()) ?? ""))")
                }
                return AcpConnection(client: client, agent: agent, sessionID: id, state: answer, replayed: [])
            }
            let params: JSONValue = ["sessionId": .string(resumeID), "cwd": .string(plan.workDirectory), "mcpServers": servers]
            if agent.loadSession {
                _ = await client.takeAll()
                var answer = try await call(client, "session/load", params, timeout, session: resumeID, cwd: plan.workDirectory)
                if answer["models"] == nil, answer["configOptions"] == nil, agent.resumeSession {
                    // An agent that answers session/load with no model state (kimi-cli 1.51.0)
                    // reports it for the now loaded session on session/resume.
                    answer = try await call(client, "session/resume", params, timeout, session: resumeID, cwd: plan.workDirectory)
                }
                var transcript = AcpTranscriptBuilder()
                for item in await client.takeAll() {
                    if case .message(.notification("session/update", let update)) = item { transcript.consume(update["update"] ?? .null) }
                }
                return AcpConnection(client: client, agent: agent, sessionID: resumeID, state: answer, replayed: transcript.finish())
            }
            guard agent.resumeSession else { throw RuntimeError.unsupportedFeature(.sessionResume) }
            let answer = try await call(client, "session/resume", params, timeout, session: resumeID, cwd: plan.workDirectory)
            return AcpConnection(client: client, agent: agent, sessionID: resumeID, state: answer, replayed: [])
        } catch {
            await client.shutdown(grace: .milliseconds(200))
            throw error
        }
    }

    private static func initialize(_ client: WireClient, plan: AcpLaunchPlan, timeout: Duration) async throws -> AcpAgentInfo {
        let answer = try await call(client, "initialize", AcpWireValues.initializeParams, timeout)
        let agent = AcpAgentInfo.parse(answer)
        guard agent.protocolVersion == KimiPin.acpProtocolVersion else {
            throw RuntimeError.protocol(
                "the ACP agent at \(plan.executable) speaks ACP protocol version \(agent.protocolVersion); KimiRuntime speaks \(KimiPin.acpProtocolVersion)"
            )
        }
        if plan.verifyVersion, let violation = agent.pinViolation() {
            throw RuntimeError.protocol("\(violation) (\(plan.executable)); install a verified release or set KimiConfiguration.verifyPeerVersion = false")
        }
        for server in plan.mcpServers where !agent.accepts(server.transport) {
            // Refused before any turn: the agent did not advertise the transport.
            throw RuntimeError.unsupportedFeature(server.transport == .sse ? .mcpSse : .mcpHttp)
        }
        return agent
    }

    /// A request whose JSON-RPC errors become ``RuntimeError``s naming the method.
    static func call(
        _ client: WireClient, _ method: String, _ params: JSONValue, _ timeout: Duration,
        session: String? = nil, cwd: String? = nil
    ) async throws -> JSONValue {
        do {
            return try await client.call(method, params: params, timeout: timeout)
        } catch let error as WireRPCError {
            throw map(error, method: method, session: session, cwd: cwd)
        }
    }

    /// A JSON-RPC error answer to `method` as a runtime error.
    static func map(_ error: WireRPCError, method: String, session: String? = nil, cwd: String? = nil) -> RuntimeError {
        let detail = error.data.flatMap { try? $0.serialized() }.map { " \(KimiSession.excerpt($0))" } ?? ""
        switch error.code {
        case -32000:
            return .auth("the ACP agent needs a login for \(method) (\(error.message)); run `kimi login` for its account")
        case -32602 where session != nil:
            return .invalidRequest("the ACP agent has no session '\(session ?? "")' for working directory \(cwd ?? ""): \(error.message)\(detail)")
        case -32603 where method == "session/prompt":
            return .transient("the ACP agent failed the turn: \(error.message)\(detail)")
        default:
            return .protocol("the ACP agent answered \(method) with JSON-RPC error \(error.code): \(error.message)\(detail)")
        }
    }
}
