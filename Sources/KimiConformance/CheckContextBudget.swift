import Foundation
import KimiRuntime

/// The checks of the budget caps: turns and US dollars.
extension CheckContext {
    func budgetTurnCap() async throws {
        let runtime = try await harness.makeRuntime()
        guard runtime.supports(.budgetTurnCap) else { return }
        try await harness.script([.reply(["one"]), .reply(["two"])])
        let session = try await runtime.startSession(options { $0.maxTurns = 1 })
        try await withSession(session) { session in
            _ = try await session.execute("First")
            try await expectError({ $0 == .budgetExceeded(kind: .turns, cap: 1, current: 1) }, "second turn over maxTurns = 1") {
                _ = try await session.execute("Second")
            }
            try expectEqual(await session.totals().turns, 1, "turns after the cap tripped")
        }
    }

    func budgetUSDCap() async throws {
        let runtime = try await harness.makeRuntime()
        guard runtime.supports(.budgetUSDCap) else {
            try await expectError({ $0 == .unsupportedFeature(.budgetUSDCap) }, "a USD cap on a runtime without one") {
                let session = try await runtime.startSession(options { $0.maxBudgetUSD = 1 })
                await session.close()
            }
            return
        }
        guard let pricing = try await pricing(runtime) else {
            try await expectError({ $0 == .unsupportedFeature(.budgetUSDCap) }, "a USD cap on an unpriced model") {
                let session = try await runtime.startSession(options { $0.maxBudgetUSD = 1 })
                await session.close()
            }
            return
        }
        // Well inside the agents' context window: a larger context would make them compact it
        // (another model call) before the second turn.
        let usage = TokenUsage(inputOther: 20_000, output: 10_000, inputCacheRead: 5_000)
        let cost = pricing.cost(of: usage)
        let cap = cost * 1.5
        try await harness.script([.reply(["spent once"], usage: usage), .reply(["spent twice"], usage: usage), .reply(["never"])])
        let session = try await runtime.startSession(options { $0.maxBudgetUSD = cap })
        try await withSession(session) { session in
            let first = try await session.execute("Spend")
            guard harness.traits.reportsTokenUsage || first.cost != nil else {
                // An agent that reported no usage: the cap is refused, never left unenforced.
                try await expectError({ $0 == .unsupportedFeature(.budgetUSDCap) }, "a turn under a USD cap after one without usage") {
                    _ = try await session.execute("Spend more")
                }
                return
            }
            try expectCost(first, usage: usage, pricing: pricing)
            let second = try await session.execute("Spend more")
            try expectEqual(second.text, "spent twice", "the turn under maxBudgetUSD")
            try expectClose(await session.totals().costUSD, 2 * cost, "session cost in USD")
            do {
                _ = try await session.execute("Spend again")
                throw fail("the turn over maxBudgetUSD ran")
            } catch let error as RuntimeError {
                guard case .budgetExceeded(let kind, let reportedCap, let current) = error else {
                    throw fail("expected budgetExceeded, got \(error)")
                }
                try expectEqual(kind, .usd, "budget kind")
                try expectClose(reportedCap, cap, "reported cap")
                try expectClose(current, 2 * cost, "reported spend")
            }
            try expectEqual(await session.totals().turns, 2, "turns after the cap tripped")
        }
    }
}
