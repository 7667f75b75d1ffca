import Foundation
import KimiRuntime

/// The checks of tool permissions: allow, deny and defer.
extension CheckContext {
    func permissionAllowed() async throws {
        let runtime = try await harness.makeRuntime()
        let recorder = ConformanceRecorder()
        let marker = randomMarker("allowed")
        let first = TokenUsage(inputOther: 100, output: 20, inputCacheRead: 50)
        let second = TokenUsage(inputOther: 30, output: 10, inputCacheRead: 150)
        try await harness.script([.shellCommand("echo \(marker)", usage: first), .reply(["ran it"], usage: second)])
        let session = try await runtime.startSession(options(recorder: recorder, onPermission: { request in
            await recorder.record(request)
            return .allow
        }))
        try await withSession(session) { session in
            let (events, result) = try await collect(session.stream("Run the marker command"))
            let requests = await recorder.permissionRequests
            try expectEqual(requests.count, 1, "permission requests")
            try expect(requests[0].arguments.contains(marker), "the permission request does not carry the tool's arguments: \(requests[0])")
            let calls = toolCalls(events)
            try expectEqual(calls.count, 1, "tool calls streamed")
            try expect(calls[0].arguments.contains(marker), "the tool call does not carry its arguments")
            let results = toolResults(events)
            try expectEqual(results.count, 1, "tool results streamed")
            try expect(!results[0].isError, "the allowed tool call failed: \(results[0])")
            try expect(results[0].output.contains(marker), "the allowed command's output is missing: \(results[0])")
            try expectEqual(result.text, "ran it", "final text")
            if harness.traits.reportsTokenUsage {
                try expectCost(result, usage: first + second, pricing: try await pricing(runtime))
            }
            if runtime.supports(.lifecycleHooks) {
                let kinds = await recorder.hookKinds
                try expect(kinds.contains(.preToolUse) && kinds.contains(.postToolUse), "missing preToolUse/postToolUse hooks (got \(kinds))")
            }
        }
    }

    func permissionDenied() async throws {
        let runtime = try await harness.makeRuntime()
        let recorder = ConformanceRecorder()
        let marker = randomMarker("denied")
        let markerFile = harness.workDirectory.appendingPathComponent(marker)
        try await harness.script([.shellCommand("touch \(marker)"), .reply(["not reached"])])
        let session = try await runtime.startSession(options(recorder: recorder, onPermission: { request in
            await recorder.record(request)
            return .deny
        }))
        try await withSession(session) { session in
            let (events, _) = try await collect(session.stream("Create the marker file"))
            try expectEqual(await recorder.permissionRequests.count, 1, "permission requests")
            let results = toolResults(events)
            try expectEqual(results.count, 1, "tool results streamed")
            try expect(results[0].isError, "a denied tool call is not reported as failed: \(results[0])")
            try expect(!FileManager.default.fileExists(atPath: markerFile.path), "the denied command ran")
            if runtime.supports(.lifecycleHooks) {
                let kinds = await recorder.hookKinds
                try expect(kinds.contains(.toolFailure), "missing toolFailure hook (got \(kinds))")
                try expect(!kinds.contains(.postToolUse), "a denied call was reported as postToolUse")
            }
        }
    }

    func permissionDeferred() async throws {
        let runtime = try await harness.makeRuntime()
        let marker = randomMarker("deferred")
        let markerFile = harness.workDirectory.appendingPathComponent(marker)
        try await harness.script([.shellCommand("touch \(marker)"), .reply(["carrying on without it"])])
        let session = try await runtime.startSession(options(onPermission: { _ in .defer }))
        try await withSession(session) { session in
            let (events, result) = try await collect(session.stream("Create the marker file"))
            let results = toolResults(events)
            try expectEqual(results.count, 1, "tool results streamed")
            try expect(results[0].isError, "a deferred tool call is not reported as not run: \(results[0])")
            let told = (results[0].output + " " + results[0].message).lowercased()
            try expect(told.contains("deferred"), "the deferral is not reported: \(results[0])")
            try expect(!FileManager.default.fileExists(atPath: markerFile.path), "the deferred command ran")
            if harness.traits.modelToldOfDeferral {
                try expectEqual(result.text, "carrying on without it", "the model did not go on after the deferral")
            }
        }
    }
}
