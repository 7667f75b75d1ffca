import Foundation
import KimiConformance
import KimiRuntime
import Testing

/// The "Using KimiRuntime" example (KimiRuntime.docc and the README), run against the real CLI
/// with the scripted offline provider instead of the Kimi API.
@Suite("Usage example", .timeLimit(.minutes(3)), .realKimiPeer)
struct UsageExampleTests {
    @Test("the documented example runs end to end")
    func example() async throws {
        let harness = try TestEnvironment.harness()
        defer { harness.tearDown() }
        try await harness.script([
            .shellCommand("git status || true"),
            .reply(["Nothing much."], usage: TokenUsage(inputOther: 900, output: 120)),
            .reply(["Nothing changed."]),
        ])
        let runtime = harness.makeKimiRuntime()  // the example: KimiRuntime(configuration: …)
        let rateLimits = RateLimitCounter()
        let session = try await runtime.makeSession(SessionOptions(
            model: "kimi-k2-thinking",
            workDirectory: harness.workDirectory,
            reasoningEffort: .high,
            onPermission: { request in
                request.toolName == "Shell" && request.arguments.contains("git status") ? .allow : .deny
            },
            onEvent: { event in
                if case .rateLimit = event { await rateLimits.increment() }
            },
            maxTurns: 20,
            maxBudgetUSD: 2.00
        ))
        var printed = ""
        var tools: [String] = []
        var finalCost: Double?
        for try await event in session.stream("What changed in this repository? Run `git status`.") {
            switch event {
            case .textDelta(let text): printed += text
            case .toolCallStart(let call): tools.append(call.name)
            case .turnComplete(let result): finalCost = result.cost?.usd
            default: break
            }
        }
        let followUp = try await session.execute("Summarise that in one sentence.")
        let id = session.id
        await session.close()

        #expect(printed == "Nothing much.")
        #expect(tools == ["Shell"])
        #expect(abs((finalCost ?? 0) - (900 * 0.60 + 120 * 2.50) / 1_000_000) < 1e-12)
        #expect(followUp.text == "Nothing changed.")
        #expect(await rateLimits.count == 0)
        #expect(!id.isEmpty)
    }
}

actor RateLimitCounter {
    private(set) var count = 0
    func increment() { count += 1 }
}
