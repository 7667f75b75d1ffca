/// Something wrong in the ledger file: a row of the managed table that does not parse, or markers
/// that are missing, repeated or out of order.
public struct LedgerProblem: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    /// The 1-based line in the ledger file, when the problem has one.
    public var line: Int?
    /// What is wrong and what to do.
    public var message: String

    /// Creates a value.
    public init(line: Int?, message: String) {
        self.line = line
        self.message = message
    }

    /// `line N: message`.
    public var description: String { line.map { "line \($0): \(message)" } ?? message }
}
