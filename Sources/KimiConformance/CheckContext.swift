import Foundation
import KimiRuntime

/// One check's run: the harness, assertions and shared steps.
struct CheckContext: Sendable {
    let check: ConformanceCheck
    let harness: any ConformanceHarness
    let patience: Duration

    // MARK: - Assertions

    func fail(_ message: String) -> ConformanceFailure {
        ConformanceFailure(check: check, message: message)
    }

    func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw fail(message()) }
    }

    func expectEqual<T: Equatable>(_ actual: T, _ expected: T, _ what: String) throws {
        if actual != expected { throw fail("\(what): expected \(expected), got \(actual)") }
    }

    func expectClose(_ actual: Double?, _ expected: Double?, _ what: String) throws {
        switch (actual, expected) {
        case (nil, nil): return
        case (let a?, let e?) where abs(a - e) <= max(1e-9, abs(e) * 1e-9): return
        default: throw fail("\(what): expected \(expected.map { "\($0)" } ?? "nil"), got \(actual.map { "\($0)" } ?? "nil")")
        }
    }

    /// Runs `body` and expects it to throw `expected` (compared as ``RuntimeError``).
    func expectError(
        _ expected: (RuntimeError) -> Bool,
        _ what: String,
        _ body: () async throws -> Void
    ) async throws {
        do {
            try await body()
        } catch let error as RuntimeError {
            if expected(error) { return }
            throw fail("\(what): unexpected error \(error)")
        } catch {
            throw fail("\(what): unexpected error \(error)")
        }
        throw fail("\(what): no error was thrown")
    }

    // MARK: - Shared steps

    func options(
        recorder: ConformanceRecorder? = nil,
        configure: (inout SessionOptions) -> Void = { _ in },
        onPermission: PermissionHandler? = nil
    ) -> SessionOptions {
        var options = SessionOptions(model: harness.model, workDirectory: harness.workDirectory)
        if let recorder {
            options.onEvent = { event in await recorder.record(event) }
        }
        options.onPermission = onPermission
        configure(&options)
        return options
    }

    /// Runs `body` with a session and closes it afterwards, whatever happens.
    func withSession<T: Sendable>(
        _ session: any AgentSession,
        _ body: (any AgentSession) async throws -> T
    ) async throws -> T {
        do {
            let value = try await body(session)
            await session.close()
            return value
        } catch {
            await session.close()
            throw error
        }
    }

    /// Collects a whole stream and checks its shape: exactly one `.turnComplete`, last.
    func collect(_ stream: AsyncThrowingStream<RuntimeEvent, any Error>) async throws -> (events: [RuntimeEvent], result: RuntimeResult) {
        var events: [RuntimeEvent] = []
        for try await event in stream { events.append(event) }
        let completions = events.compactMap { event -> RuntimeResult? in
            if case .turnComplete(let result) = event { return result }
            return nil
        }
        try expectEqual(completions.count, 1, "number of .turnComplete events")
        guard case .turnComplete(let result)? = events.last else {
            throw fail(".turnComplete is not the last event of the stream")
        }
        return (events, result)
    }

    func pricing(_ runtime: any AgentRuntime) async throws -> ModelPricing? {
        try await runtime.listModels().first { $0.id == harness.model }?.pricing
    }

    func expectCost(_ result: RuntimeResult, usage: TokenUsage, pricing: ModelPricing?) throws {
        try expectEqual(result.usage, usage, "turn token usage")
        if let pricing {
            guard let cost = result.cost else { throw fail("a priced model reported no cost") }
            try expectClose(cost.usd, pricing.cost(of: usage), "turn cost in USD")
        } else {
            try expect(result.cost == nil, "an unpriced model reported a cost")
        }
    }

    func toolResults(_ events: [RuntimeEvent]) -> [ToolResultInfo] {
        events.compactMap { event in
            if case .toolCallResult(let result) = event { return result }
            return nil
        }
    }

    func toolCalls(_ events: [RuntimeEvent]) -> [ToolCallInfo] {
        events.compactMap { event in
            if case .toolCallStart(let call) = event { return call }
            return nil
        }
    }

    /// A loopback URL nothing listens on (never contacted by these checks).
    func unreachableURL() throws -> URL {
        guard let url = URL(string: "http://127.0.0.1:9/mcp") else { throw fail("cannot build a URL") }
        return url
    }

    func randomMarker(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    func historyIfSupported(_ runtime: any AgentRuntime, _ session: any AgentSession) async throws -> [TranscriptEntry]? {
        guard runtime.supports(.sessionResume) else { return nil }
        return try await session.history()
    }
}
