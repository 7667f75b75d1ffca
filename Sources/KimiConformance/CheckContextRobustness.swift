import Foundation
import KimiRuntime

/// The checks of what must not break a session: provider retries, throwing observers, declined
/// features, invalid input and repeated closes.
extension CheckContext {
    func rateLimitHook() async throws {
        let runtime = try await harness.makeRuntime()
        let recorder = ConformanceRecorder()
        try await harness.script([.providerError(status: 500), .reply(["recovered"])])
        let session = try await runtime.startSession(options(recorder: recorder))
        try await withSession(session) { session in
            let result = try await session.execute("Try hard")
            try expectEqual(result.text, "recovered", "text after the retry")
            guard runtime.supports(.lifecycleHooks), harness.traits.reportsRetries else { return }
            let limits = await recorder.hooks.compactMap { hook -> RateLimitInfo? in
                if case .rateLimit(let info) = hook { return info }
                return nil
            }
            try expectEqual(limits.count, 1, "rateLimit hooks")
            try expect(limits[0].statusCode == nil || limits[0].statusCode == 500, "rateLimit status \(String(describing: limits[0].statusCode))")
            try expect(limits[0].nextAttempt > limits[0].attempt, "rateLimit attempts \(limits[0])")
        }
    }

    func throwingObserverIgnored() async throws {
        struct ObserverFailure: Error {}
        let runtime = try await harness.makeRuntime()
        try await harness.script([.shellCommand("echo observed"), .reply(["still fine"])])
        let session = try await runtime.startSession(options(configure: { options in
            options.onEvent = { _ in throw ObserverFailure() }
        }, onPermission: { _ in .allow }))
        try await withSession(session) { session in
            let (_, result) = try await collect(session.stream("Run echo"))
            try expectEqual(result.text, "still fine", "turn with a throwing observer")
        }
    }

    func unsupportedFeaturesDeclined() async throws {
        let runtime = try await harness.makeRuntime()
        let declinedAtStart: [(Feature, (inout SessionOptions) -> Void)] = [
            (.reasoningBudgetTokens, { $0.reasoningBudgetTokens = 1024 }),
            (.structuredOutput, { $0.outputSchema = #"{"type":"object"}"# }),
            (.functionTools, { $0.functionTools = [FunctionTool(name: "f", description: "f", parametersSchema: #"{"type":"object"}"#)] }),
        ]
        let sseServer = try McpServerRef.sse(name: "sse", url: try unreachableURL())
        let declinable = declinedAtStart + [
            (.budgetUSDCap, { $0.maxBudgetUSD = 1 }),
            (.mcpSse, { $0.mcpServers = [sseServer] }),
        ]
        for (feature, configure) in declinable where !runtime.supports(feature) {
            try await expectError({ $0 == .unsupportedFeature(feature) }, "session asking for \(feature)") {
                let session = try await runtime.startSession(options(configure: configure))
                await session.close()
            }
        }
        if runtime.supports(.permissionCallback) {
            try await expectError({ if case .invalidRequest = $0 { return true } else { return false } }, "yolo with a permission callback") {
                let session = try await runtime.startSession(options(configure: { $0.yolo = true }, onPermission: { _ in .allow }))
                await session.close()
            }
        }
        try await harness.script([.reply(["usable"])])
        let session = try await runtime.startSession(options())
        try await withSession(session) { session in
            if !runtime.supports(.fileInput) {
                try await expectError({ $0 == .unsupportedFeature(.fileInput) }, "prompt with a file") {
                    _ = try await session.execute(Prompt("Read this", files: [.bytes(Data("hi".utf8), filename: "a.txt", mediaType: "text/plain")]))
                }
            }
            let result = try await session.execute("Still there?")
            try expectEqual(result.text, "usable", "turn after declined features")
        }
    }

    func invalidInputsRejected() async throws {
        let runtime = try await harness.makeRuntime()
        try runtime.validate(model: harness.model)
        for bad in ["gpt-4o", "", "claude-3", "kimi-", "KIMI-K2"] {
            try await expectError({ if case .invalidRequest = $0 { return true } else { return false } }, "validate(model: \"\(bad)\")") {
                try runtime.validate(model: bad)
            }
        }
        try await expectError({ if case .invalidRequest = $0 { return true } else { return false } }, "session with a non-provider model") {
            let session = try await runtime.startSession(options { $0.model = "gpt-4o" })
            await session.close()
        }
        let models = try await runtime.listModels()
        try expect(!models.isEmpty, "listModels() is empty")
        for model in models { try runtime.validate(model: model.id) }
        try await expectError({ if case .invalidRequest = $0 { return true } else { return false } }, "stdio MCP server with a URL") {
            _ = try McpServerRef(name: "x", transport: .stdio, command: "true", url: try unreachableURL())
        }
        try await expectError({ if case .invalidRequest = $0 { return true } else { return false } }, "http MCP server without a URL") {
            _ = try McpServerRef(name: "x", transport: .http)
        }
        let one = try McpServerRef.stdio(name: "dup", command: "true")
        let two = try McpServerRef.http(name: "dup", url: try unreachableURL())
        try await expectError({ if case .invalidRequest = $0 { return true } else { return false } }, "duplicate MCP server names") {
            let session = try await runtime.startSession(options { $0.mcpServers = [one, two] })
            await session.close()
        }
    }

    func closeIsIdempotent() async throws {
        let runtime = try await harness.makeRuntime()
        let recorder = ConformanceRecorder()
        try await harness.script([.reply(["before close"])])
        let session = try await runtime.startSession(options(recorder: recorder))
        _ = try await session.execute("Hello")
        async let a: Void = session.close()
        async let b: Void = session.close()
        _ = await (a, b)
        await session.close()
        try await expectError({ if case .invalidRequest = $0 { return true } else { return false } }, "execute after close") {
            _ = try await session.execute("Anyone?")
        }
        if runtime.supports(.lifecycleHooks) {
            try expectEqual(await recorder.hookKinds.filter { $0 == .sessionEnd }.count, 1, "sessionEnd hooks after three closes")
        }
    }
}
