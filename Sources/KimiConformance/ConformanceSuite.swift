import Foundation
import KimiRuntime

/// The behavioural contract of an ``AgentRuntime`` adapter, as plain async checks that throw a
/// ``ConformanceFailure`` (or the runtime's own error) when the adapter misbehaves.
///
/// ```swift
/// let suite = ConformanceSuite(harness: try KimiScriptedHarness.fromEnvironment())
/// try await suite.run(.streamingTextAndReasoning)
/// let outcomes = await suite.runAll()   // for a smoke hook
/// ```
///
/// Checks of features the runtime reports as unsupported (``AgentRuntime/supports(_:)``) verify
/// that they are declined instead.
public struct ConformanceSuite: Sendable {
    /// The harness the checks run against.
    public let harness: any ConformanceHarness
    /// How long a check waits for an expected callback before failing.
    public var patience: Duration

    /// Creates a suite.
    public init(harness: any ConformanceHarness, patience: Duration = .seconds(90)) {
        self.harness = harness
        self.patience = patience
    }

    /// The result of one check in ``runAll(_:)``.
    public struct Outcome: Sendable, CustomStringConvertible {
        /// The check.
        public var check: ConformanceCheck
        /// `nil` when it passed, else why it failed.
        public var failure: String?
        /// How long it took.
        public var duration: Duration

        /// `PASS name (1.2 s)` / `FAIL name: why`.
        public var description: String {
            if let failure { return "FAIL \(check.rawValue): \(failure)" }
            return "PASS \(check.rawValue) (\(duration))"
        }
    }

    /// Runs checks one after another and reports each outcome (never throws).
    public func runAll(_ checks: [ConformanceCheck] = ConformanceCheck.allCases) async -> [Outcome] {
        var outcomes: [Outcome] = []
        for check in checks {
            let clock = ContinuousClock()
            let start = clock.now
            var failure: String?
            do {
                try await run(check)
            } catch {
                failure = String(describing: error)
            }
            outcomes.append(Outcome(check: check, failure: failure, duration: clock.now - start))
        }
        return outcomes
    }

    /// Runs one check.
    /// - Throws: ``ConformanceFailure`` when the adapter misbehaves, or the error it threw.
    public func run(_ check: ConformanceCheck) async throws {
        let context = CheckContext(check: check, harness: harness, patience: patience)
        switch check {
        case .streamingTextAndReasoning: try await context.streamingTextAndReasoning()
        case .executeAndLifecycleHooks: try await context.executeAndLifecycleHooks()
        case .imageInput: try await context.imageInput()
        case .permissionAllowed: try await context.permissionAllowed()
        case .permissionDenied: try await context.permissionDenied()
        case .permissionDeferred: try await context.permissionDeferred()
        case .steerDuringTurn: try await context.steerDuringTurn()
        case .cancelDuringApprovalWait: try await context.cancelDuringApprovalWait()
        case .resumeInNewProcess: try await context.resumeInNewProcess()
        case .reasoningChangeKeepsHistory: try await context.reasoningChangeKeepsHistory()
        case .mcpStdioTool: try await context.mcpTool(.stdio)
        case .mcpHttpTool: try await context.mcpTool(.http)
        case .fileToolsInWorkDirectory: try await context.fileToolsInWorkDirectory()
        case .budgetTurnCap: try await context.budgetTurnCap()
        case .budgetUSDCap: try await context.budgetUSDCap()
        case .rateLimitHook: try await context.rateLimitHook()
        case .throwingObserverIgnored: try await context.throwingObserverIgnored()
        case .unsupportedFeaturesDeclined: try await context.unsupportedFeaturesDeclined()
        case .invalidInputsRejected: try await context.invalidInputsRejected()
        case .closeIsIdempotent: try await context.closeIsIdempotent()
        }
    }
}
