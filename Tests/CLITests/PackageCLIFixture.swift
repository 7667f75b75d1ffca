import Foundation
import Testing
import TestSupport

/// An upstream shaped like kimi-code, made with the git CLI, mirrored by the real binary (`init`,
/// `sync`, `ledger update`) with a `[package]` section, and publish-tagged with `publish-tag`:
///
/// release tag → SDK version: what its packages/node-sdk/package.json has
/// - `@moonshot-ai/kimi-code@0.10.0` → 0.3.0: clean (workspace packages only in devDependencies)
/// - `0.11.0` → 0.3.1: `dependencies` has `"@moonshot-ai/agent-core": "workspace:^"`
/// - `0.12.0` → 0.3.2: `dependencies` has `"@moonshot-ai/agent-core": "^1.0.0"`, a sibling package
/// - `0.13.0` → 0.3.3: clean, but the repository's LICENSE was deleted
///
/// Publish tags exist for 0.3.0, 0.3.0-botiverse.1 (allow-suffix), 0.3.1, 0.3.2 and 0.3.3. The
/// "build" is a small hand-written ESM dist with .d.mts declarations that re-export across files.
final class PackageCLIFixture {
    let tmp = TemporaryDirectory("rm-cli-package")
    let upstream: String
    let directory: String
    var configPath: String { directory + "/release-mirror.toml" }
    static let packageName = "@botiverse/kimi-code-sdk"
    static let required = ["KimiHarness", "Session", "createKimiHarness", "KimiError"]

    init() throws {
        upstream = tmp.url("up")
        directory = tmp.url("mirror")
        try FileManager.default.createDirectory(atPath: upstream, withIntermediateDirectories: true)
        try Shell.git("init", "-q", "-b", "main", in: upstream)
        try write("package.json", #"{ "name": "kimi-code-monorepo", "private": true, "packageManager": "pnpm@10.12.1" }"#)
        try write("pnpm-workspace.yaml", "packages:\n  - packages/*\n  - apps/*\n")
        try write("LICENSE", "MIT License\n\nCopyright (c) Moonshot AI\n\nPermission is hereby granted, free of charge, …\n")
        try write("packages/agent-core/package.json", #"{ "name": "@moonshot-ai/agent-core", "version": "1.0.0", "private": true }"#)
        try write("packages/agent-core/src/index.ts", "export class Agent {}\n")
        try write("packages/node-sdk/src/index.ts", "export { KimiHarness } from '#/harness';\n")
        try release("0.10.0", sdk: "0.3.0", dependencies: nil)
        try release("0.11.0", sdk: "0.3.1", dependencies: #"{ "@moonshot-ai/agent-core": "workspace:^" }"#)
        try release("0.12.0", sdk: "0.3.2", dependencies: #"{ "@moonshot-ai/agent-core": "^1.0.0" }"#)
        try Shell.git("rm", "-q", "LICENSE", in: upstream)
        try release("0.13.0", sdk: "0.3.3", dependencies: nil)

        try run(["init", "--upstream", upstream, "--remote", "", directory] + ToolRefFixture.arguments, in: tmp.path).expect(0)
        var config = try String(contentsOfFile: configPath, encoding: .utf8)
        config = config.replacingOccurrences(of: "# allow-suffix = ", with: "allow-suffix = ")
        config += """

            [package]
            name = "\(PackageCLIFixture.packageName)"
            repository = "https://github.com/botiverse/kimi-code-sdk"
            require-exports = ["KimiHarness", "Session", "createKimiHarness", "KimiError"]
            suffix-dist-tag = "botiverse"

            """
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
        try run(["sync", "--quiet"]).expect(0)
        try run(["ledger", "update", "--quiet"]).expect(0)
        for (version, from) in [("0.3.0", "0.10.0"), ("0.3.0-botiverse.1", "0.10.0"), ("0.3.1", "0.11.0"), ("0.3.2", "0.12.0"), ("0.3.3", "0.13.0")] {
            try run(["publish-tag", version, "--from", from, "--allow-unverified", "--quiet"]).expect(0)
        }
    }

    private func write(_ path: String, _ text: String, in root: String? = nil) throws {
        let full = (root ?? upstream) + "/" + path
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: true, encoding: .utf8)
    }

    /// Commits the SDK manifest at `sdk` and the CLI at `version`, tagged as a release.
    private func release(_ version: String, sdk: String, dependencies: String?) throws {
        let deps = dependencies.map { "\n  \"dependencies\": \($0)," } ?? ""
        try write(
            "packages/node-sdk/package.json",
            """
            {
              "name": "@moonshot-ai/kimi-code-sdk",
              "version": "\(sdk)",
              "description": "The Kimi Code SDK",
              "type": "module",
              "private": true,
              "license": "MIT",
              "main": "./src/index.ts",
              "exports": { ".": "./src/index.ts" },
              "imports": { "#/*": ["./src/*.ts", "./src/*/index.ts"] },
              "publishConfig": {
                "access": "public",
                "exports": {
                  ".": { "types": "./dist/index.d.mts", "import": "./dist/index.mjs" },
                  "./package.json": "./package.json"
                }
              },\(deps)
              "scripts": { "build": "tsdown" },
              "devDependencies": { "@moonshot-ai/agent-core": "workspace:*", "tsdown": "^0.12.0" },
              "sideEffects": false
            }

            """)
        try write("apps/kimi-code/package.json", #"{ "name": "@moonshot-ai/kimi-code", "version": "\#(version)" }"#)
        try Shell.git("add", "-A", in: upstream)
        try Shell.git("commit", "-q", "-m", "release \(version)", in: upstream)
        try Shell.git("tag", "-a", "-m", "release \(version)", "@moonshot-ai/kimi-code@\(version)", in: upstream)
    }

    /// A checkout of the commit of release `cli` (e.g. `0.10.0`) under `name`, built unless told
    /// otherwise; `edit` may change the dist files before they are written.
    func checkout(_ cli: String, as name: String? = nil, build: Bool = true, edit: (inout [String: String]) -> Void = { _ in })
        throws -> String
    {
        let path = tmp.url(name ?? "src-\(cli)")
        try Shell.git("clone", "-q", upstream, path, in: tmp.path)
        try Shell.git("checkout", "-q", "--detach", "@moonshot-ai/kimi-code@\(cli)", in: path)
        guard build else { return path }
        var files = PackageCLIFixture.dist
        edit(&files)
        for (file, text) in files { try write("packages/node-sdk/dist/" + file, text, in: path) }
        return path
    }

    /// The hand-written build: ESM plus declarations, re-exporting across files by name and by `*`.
    static let dist: [String: String] = [
        "index.mjs": """
            export { Session } from './session.mjs';
            export * from './errors.mjs';
            /** The harness. */
            export class KimiHarness {
              constructor(options) { this.options = options; }
            }
            export function createKimiHarness(options = {}) { return new KimiHarness(options); }

            """,
        "session.mjs": "export class Session {\n  constructor(id) { this.id = id; }\n}\n",
        "errors.mjs": "export class KimiError extends Error {\n  name = 'KimiError';\n}\n",
        "index.d.mts": """
            export { Session } from './session.mjs';
            export * from './errors.mjs';
            export declare class KimiHarness {
              constructor(options?: Record<string, unknown>);
              options: Record<string, unknown>;
            }
            export declare function createKimiHarness(options?: Record<string, unknown>): KimiHarness;

            """,
        "session.d.mts": "export declare class Session {\n  constructor(id: string);\n  id: string;\n}\n",
        "errors.d.mts": "export declare class KimiError extends Error {}\n",
    ]

    /// Runs the real binary in the mirror directory.
    @discardableResult
    func run(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:]) throws -> ProcessResult {
        var env = ProcessInfo.processInfo.environment
        env["GITHUB_SERVER_URL"] = nil
        env["GITHUB_REPOSITORY"] = nil
        env["GITHUB_ACTIONS"] = nil
        for (key, value) in environment { env[key] = value }
        return try Shell.run([Products.executable("release-mirror")] + arguments, in: directory ?? self.directory, environment: env)
    }

    /// The entries of the fixture's temporary directory (where `--out` and its staging siblings live).
    func entries() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: tmp.path).sorted() }

    /// Runs npm or node with a private cache and no registry traffic (npm's update check and audit off).
    func node(_ arguments: [String], in directory: String) throws -> ProcessResult {
        var env = ProcessInfo.processInfo.environment
        env["npm_config_cache"] = tmp.url("npm-cache")
        env["npm_config_update_notifier"] = "false"
        env["npm_config_audit"] = "false"
        env["npm_config_fund"] = "false"
        env["npm_config_registry"] = "http://127.0.0.1:9/"
        return try Shell.run(arguments, in: directory, environment: env)
    }
}
