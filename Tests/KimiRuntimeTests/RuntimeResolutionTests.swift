import Foundation
import Testing

@testable import KimiRuntime

@Suite("Runtime configuration and resolution")
struct RuntimeResolutionTests {
    @Test("provider id and feature table")
    func providerAndFeatures() {
        let runtime = KimiRuntime(configuration: KimiConfiguration(liveModelListing: false), environment: [:])
        #expect(runtime.providerID == "kimi")
        for feature in Feature.allCases {
            #expect(KimiRuntime.featureSupport[feature] != nil, "feature \(feature) missing from the table")
        }
        #expect(!runtime.supports(.reasoningBudgetTokens))
        #expect(!runtime.supports(.fileInput))
        // Detected protocol: only what both backends do.
        #expect(!runtime.supports(.steer) && runtime.supports(.visionInput) && !runtime.supports(.mcpSse))
        let wire = KimiRuntime(configuration: KimiConfiguration(liveModelListing: false, agentProtocol: .wire), environment: [:])
        #expect(wire.supports(.steer) && wire.supports(.visionInput) && wire.supports(.mcpSse) && wire.supports(.budgetUSDCap))
        let acp = KimiRuntime(configuration: KimiConfiguration(liveModelListing: false, agentProtocol: .acp), environment: [:])
        #expect(!acp.supports(.steer) && !acp.supports(.mcpSse))
        for feature in [Feature.streaming, .cancel, .sessionResume, .reasoningEffort, .visionInput, .permissionCallback,
            .mcpStdio, .mcpHttp, .lifecycleHooks, .budgetTurnCap, .budgetUSDCap]
        {
            #expect(acp.supports(feature), "ACP must do \(feature)")
        }
        #expect(RuntimeError.unsupportedFeature(.steer).description.contains("wire backend"))
    }

    @Test("validate(model:) accepts kimi-* ids only", arguments: [
        ("kimi-k2-thinking", true), ("kimi-k2-thinking-turbo", true), ("kimi-for-coding", true), ("kimi-k2.5", true),
        ("gpt-4o", false), ("kimi", false), ("kimi-", false), ("Kimi-k2", false), ("kimi-K2", false),
        ("kimi-k2 thinking", false), ("xkimi-k2", false), ("", false), ("kimi--x", false),
    ])
    func modelValidation(model: String, valid: Bool) {
        let runtime = KimiRuntime(environment: [:])
        #expect(((try? runtime.validate(model: model)) != nil) == valid)
    }

    @Test("auth chain: explicit key, then KIMI_API_KEY, else RuntimeError.auth")
    func authChain() throws {
        #expect(try KimiRuntime(configuration: KimiConfiguration(apiKey: "explicit"), environment: ["KIMI_API_KEY": "env"]).resolvedAPIKey() == "explicit")
        #expect(try KimiRuntime(configuration: KimiConfiguration(apiKey: "  "), environment: ["KIMI_API_KEY": "env"]).resolvedAPIKey() == "env")
        #expect(try KimiRuntime(environment: ["KIMI_API_KEY": "env"]).resolvedAPIKey() == "env")
        let error = #expect(throws: RuntimeError.self) { try KimiRuntime(environment: [:]).resolvedAPIKey() }
        #expect(error?.isAuth == true)
        #expect(throws: RuntimeError.self) { try KimiRuntime(environment: ["KIMI_API_KEY": ""]).resolvedAPIKey() }
    }

    @Test("a session without credentials fails with RuntimeError.auth before starting anything")
    func sessionNeedsAuth() async throws {
        let fake = try FakePeer(modes: ["normal"])
        defer { fake.cleanup() }
        var configuration = fake.configuration()
        configuration.apiKey = nil
        let error = await runtimeError {
            _ = try await KimiRuntime(configuration: configuration, environment: ["PATH": "/usr/bin:/bin"]).makeSession(fake.options())
        }
        #expect(error?.isAuth == true)
        #expect(fake.starts == 0)
    }

    @Test("base URL and default model resolve like the key")
    func baseURLAndModel() {
        let explicit = KimiRuntime(
            configuration: KimiConfiguration(baseURL: "https://explicit.invalid/v1", defaultModel: "kimi-explicit"),
            environment: ["KIMI_BASE_URL": "https://env.invalid/v1", "KIMI_MODEL_NAME": "kimi-env"]
        )
        #expect(explicit.resolvedBaseURL() == "https://explicit.invalid/v1")
        #expect(explicit.resolvedDefaultModel() == "kimi-explicit")
        let env = KimiRuntime(environment: ["KIMI_BASE_URL": "https://env.invalid/v1", "KIMI_MODEL_NAME": "kimi-env"])
        #expect(env.resolvedBaseURL() == "https://env.invalid/v1")
        #expect(env.resolvedDefaultModel() == "kimi-env")
        let defaults = KimiRuntime(environment: [:])
        #expect(defaults.resolvedBaseURL() == KimiRuntime.defaultBaseURL)
        #expect(defaults.resolvedDefaultModel() == "kimi-k2-thinking")
    }

    @Test("executable: explicit, then KIMI_CLI_PATH, then PATH; a missing one is a clear error")
    func executableResolution() throws {
        let fake = try FakePeer(modes: ["normal"])
        defer { fake.cleanup() }
        #expect(try KimiRuntime(configuration: KimiConfiguration(executable: fake.executable), environment: [:]).resolvedExecutable() == fake.executable.path)
        #expect(try KimiRuntime(environment: ["KIMI_CLI_PATH": fake.executable.path]).resolvedExecutable() == fake.executable.path)
        let onPath = fake.root.appendingPathComponent("kimi")
        try FileManager.default.createSymbolicLink(at: onPath, withDestinationURL: fake.executable)
        #expect(try KimiRuntime(environment: ["PATH": "/nonexistent:\(fake.root.path)"]).resolvedExecutable() == onPath.path)
        let error = #expect(throws: RuntimeError.self) { try KimiRuntime(environment: ["PATH": "/nonexistent"]).resolvedExecutable() }
        #expect(error?.description.contains("KIMI_CLI_PATH") == true)
    }

    @Test("the generated CLI configuration (real provider) keeps the key out of the arguments")
    func generatedLaunchPlan() throws {
        let fake = try FakePeer(modes: ["normal"])
        defer { fake.cleanup() }
        let runtime = KimiRuntime(
            configuration: KimiConfiguration(executable: fake.executable, apiKey: "sk-secret", baseURL: "https://api.example.invalid/v1"),
            environment: ["PATH": "/usr/bin"]
        )
        let (plan, scratch) = try runtime.launchPlan(for: SessionOptions(model: "kimi-k2-thinking-turbo", workDirectory: fake.workDirectory))
        #expect(scratch == nil)
        #expect(plan.environment["KIMI_API_KEY"] == "sk-secret")
        let arguments = plan.arguments(sessionID: "s-1", thinking: nil)
        #expect(!arguments.joined(separator: " ").contains("sk-secret"))
        #expect(arguments.prefix(5) == ["--wire", "--session", "s-1", "--work-dir", fake.workDirectory.path])
        let configIndex = try #require(arguments.firstIndex(of: "--config"))
        let config = try JSONValue.parse(arguments[configIndex + 1])
        #expect(config["default_model"] == "kimi-k2-thinking-turbo")
        #expect(config["telemetry"] == false)
        #expect(config["providers"]?["kimi"]?["type"] == "kimi")
        #expect(config["providers"]?["kimi"]?["base_url"] == "https://api.example.invalid/v1")
        #expect(config["models"]?["kimi-k2-thinking-turbo"]?["model"] == "kimi-k2-thinking-turbo")
        #expect(arguments.contains("--model"))
        #expect(!arguments.contains("--thinking") && !arguments.contains("--no-thinking"))
        #expect(plan.arguments(sessionID: "s", thinking: true).contains("--thinking"))
        #expect(plan.arguments(sessionID: "s", thinking: false).contains("--no-thinking"))
    }

    @Test("options are validated before anything starts")
    func optionValidation() throws {
        let fake = try FakePeer(modes: ["normal"])
        defer { fake.cleanup() }
        let runtime = KimiRuntime(configuration: fake.configuration(), environment: [:])
        func error(_ configure: (inout SessionOptions) -> Void) -> RuntimeError? {
            var options = fake.options()
            configure(&options)
            do {
                _ = try runtime.launchPlan(for: options)
                return nil
            } catch {
                return error as? RuntimeError
            }
        }
        #expect(error { $0.reasoningBudgetTokens = 100 } == .unsupportedFeature(.reasoningBudgetTokens))
        #expect(error { $0.outputSchema = "{}" } == .unsupportedFeature(.structuredOutput))
        #expect(error { $0.functionTools = [FunctionTool(name: "f", description: "", parametersSchema: "{}")] } == .unsupportedFeature(.functionTools))
        #expect(error { $0.yolo = true; $0.onPermission = { _ in .allow } }?.isInvalidRequest == true)
        #expect(error { $0.model = "gpt-4o" }?.isInvalidRequest == true)
        #expect(error { $0.maxTurns = -1 }?.isInvalidRequest == true)
        #expect(error { $0.maxBudgetUSD = -1 }?.isInvalidRequest == true)
        #expect(error { $0.model = "kimi-unpriced"; $0.maxBudgetUSD = 1 } == .unsupportedFeature(.budgetUSDCap))
        #expect(error { $0.workDirectory = URL(fileURLWithPath: "/nonexistent/dir") }?.isInvalidRequest == true)
        #expect(error { $0.reasoningEffort = .minimal } == nil)
    }

    @Test("resume refuses ids that are not plain names")
    func resumeIDValidation() async throws {
        let runtime = KimiRuntime(environment: [:])
        for id in ["", "..", "../x", "a/b", "a b"] {
            let error = await runtimeError { _ = try await runtime.resume(sessionID: id) }
            #expect(error?.isInvalidRequest == true, "id \(id)")
        }
    }

    @Test("listModels falls back to the curated catalogue with prices")
    func catalogue() async throws {
        let runtime = KimiRuntime(configuration: KimiConfiguration(liveModelListing: false), environment: [:])
        let models = try await runtime.listModels()
        let thinking = try #require(models.first { $0.id == "kimi-k2-thinking" })
        #expect(thinking.pricing == ModelPricing(inputPerMillion: 0.60, outputPerMillion: 2.50, cacheReadPerMillion: 0.15))
        let turbo = try #require(models.first { $0.id == "kimi-k2-thinking-turbo" })
        #expect(turbo.pricing == ModelPricing(inputPerMillion: 1.50, outputPerMillion: 5.00, cacheReadPerMillion: 0.15))
        for model in models { try runtime.validate(model: model.id) }
        // No credentials: no live listing is attempted, the catalogue comes back.
        #expect(try await KimiRuntime(environment: [:]).listModels() == KimiModelCatalog.fallback)
    }
}
