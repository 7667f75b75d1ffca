extension AcpSession {
    /// Refuses a USD cap at session start when it could not be enforced: the model has no price,
    /// or the agent is the legacy kimi-cli (which reports no usage over ACP) and its session log
    /// (``AcpUsageLog``) is not where the CLI keeps it. Other agents report usage in the
    /// `session/prompt` answer; one that does not has its next turn refused (``checkBudget()``).
    func checkBudgetSource() throws {
        guard options.maxBudgetUSD != nil else { return }
        guard KimiModelCatalog.pricing(for: model) != nil else { throw RuntimeError.unsupportedFeature(.budgetUSDCap) }
        if agent.kind == .legacyKimiCLI, usageLog == nil { throw RuntimeError.unsupportedFeature(.budgetUSDCap) }
    }

    /// The caps, checked before each turn like the wire backend's; a USD cap after a turn that
    /// reported no usage is refused rather than left unenforced.
    func checkBudget() throws {
        if options.maxBudgetUSD != nil, usageMissing { throw RuntimeError.unsupportedFeature(.budgetUSDCap) }
        try SessionLifecycle.checkBudget(options, turns: turns, costUSD: costUSD)
    }

    /// Takes the turn's usage from kimi-cli's session log when the agent reported none.
    func adoptLoggedUsage(_ accumulator: inout AcpTurnAccumulator) {
        guard var log = usageLog else { return }
        let logged = log.readNew()
        usageLog = log
        if !accumulator.usageReported, let logged { accumulator.adopt(logged) }
    }

    /// Adds the turn's usage and priced cost to the session totals.
    func record(_ accumulator: AcpTurnAccumulator) {
        guard accumulator.usageReported else {
            usageMissing = true
            return
        }
        usage += accumulator.usage
        if let pricing = KimiModelCatalog.pricing(for: model) {
            costUSD = (costUSD ?? 0) + pricing.cost(of: accumulator.usage)
        }
    }
}
