/// Which per-session budget cap a turn would exceed.
public enum BudgetKind: String, Sendable, Hashable, Codable {
    /// ``SessionOptions/maxTurns``: the number of turns started in the session.
    case turns
    /// ``SessionOptions/maxBudgetUSD``: the priced cost of the session so far, in US dollars.
    case usd
}
