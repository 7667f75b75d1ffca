import Foundation
import Git
import ReleaseMirror
import Testing

@Suite struct JSONValueTests {
    @Test func roundTripKeepsKeyOrderNumbersAndEscapes() throws {
        let text = #"{"z": 1, "a": {"types": "./t.d.mts", "import": "./i.mjs"}, "n": -0.5e3, "s": "é \"q\" \u00e9 \ud83d\ude00 \\ /", "l": [true, false, null, []], "e": {}}"#
        let value = try JSONParser.parse(Array(text.utf8))
        #expect(value.pairs?.map(\.0) == ["z", "a", "n", "s", "l", "e"])
        #expect(value["a"]?.pairs?.map(\.0) == ["types", "import"])
        #expect(value["n"] == .number("-0.5e3"))
        #expect(value["s"]?.string == "é \"q\" é 😀 \\ /")
        let rendered = value.rendered()
        #expect(rendered.hasSuffix("}\n"))
        #expect(rendered.contains("  \"a\": {\n    \"types\": \"./t.d.mts\",\n    \"import\": \"./i.mjs\"\n  },"))
        #expect(try JSONParser.parse(Array(rendered.utf8)) == value, "what is written reads back the same")
        let parsedByFoundation = try JSONSerialization.jsonObject(with: Data(rendered.utf8)) as? [String: Any]
        #expect(parsedByFoundation?["s"] as? String == "é \"q\" é 😀 \\ /")
    }

    @Test func rejectsWhatIsNotJSON() {
        for text in ["{\"a\": 1,}", "[1,]", "01", "{a: 1}", "\"\\x\"", "\"\u{01}\"", "[1] x", "", "{\"a\" 1}", "\"\\ud800\"", "-", "1.", "1e"] {
            #expect(throws: JSONParser.Failure.self, "\(text)") { try JSONParser.parse(Array(text.utf8)) }
        }
        let deep = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Array(deep.utf8)) }
    }

    @Test func settingReplacesInPlaceAndAppendsNewKeys() {
        let value = JSONValue.object([("a", .number("1")), ("b", .number("2"))])
        #expect(value.setting("a", .string("x")).pairs?.map(\.0) == ["a", "b"])
        #expect(value.setting("c", .null).pairs?.map(\.0) == ["a", "b", "c"])
        #expect(value.removing("a").pairs?.map(\.0) == ["b"])
    }
}

@Suite struct PackageManifestTests {
    let commit = ObjectID(hex: String(repeating: "c0", count: 20))!

    func rewriter(_ edit: (inout Configuration.Package) -> Void = { _ in }) -> PackageManifestRewriter {
        var settings = Configuration.Package(name: "@botiverse/kimi-code-sdk", directory: "packages/node-sdk")
        edit(&settings)
        return PackageManifestRewriter(
            settings: settings,
            repository: PackageRepository(url: "https://github.com/botiverse/kimi-code-sdk", origin: "package.repository"),
            licenseFile: "LICENSE",
            provenance: PackageProvenance(
                upstream: "https://user:secret@github.com/MoonshotAI/kimi-code.git", upstreamPackage: "@moonshot-ai/kimi-code-sdk",
                upstreamVersion: "0.9.3", releaseTag: "@moonshot-ai/kimi-code@0.14.2", publishTag: "publish-sdk/v0.9.3",
                commit: commit))
    }

    func json(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    let upstream = """
        {"name": "@moonshot-ai/kimi-code-sdk", "version": "0.9.3", "description": "upstream's", "type": "module",
         "private": true, "license": "MIT", "main": "./src/index.ts", "types": "./src/index.ts",
         "exports": {".": "./src/index.ts"}, "imports": {"#/*": ["./src/*.ts", "./src/*/index.ts"]},
         "publishConfig": {"access": "public", "registry": "https://r.example",
           "exports": {".": {"types": "./dist/index.d.mts", "import": "./dist/index.mjs"}, "./package.json": "./package.json"}},
         "scripts": {"build": "tsdown"}, "devDependencies": {"@moonshot-ai/agent-core": "workspace:*"},
         "dependencies": {"zod": "^3.23.0"}, "keywords": ["kimi"]}
        """

    @Test func rewritesForTheMirror() throws {
        let out = rewriter().rewrite(try json(upstream), version: "0.9.3-botiverse.1")
        #expect(out["name"]?.string == "@botiverse/kimi-code-sdk")
        #expect(out["version"]?.string == "0.9.3-botiverse.1")
        #expect(out["description"]?.string == "@moonshot-ai/kimi-code-sdk 0.9.3 (@moonshot-ai/kimi-code@0.14.2), repackaged by its mirror")
        #expect(out["repository"] == .object([("type", .string("git")), ("url", .string("git+https://github.com/botiverse/kimi-code-sdk.git"))]))
        #expect(out["homepage"]?.string == "https://github.com/botiverse/kimi-code-sdk#readme")
        #expect(out["bugs"]?["url"]?.string == "https://github.com/botiverse/kimi-code-sdk/issues")
        // publishConfig's exports, keys in upstream's order (types first).
        #expect(out["exports"]?["."]?.pairs?.map(\.0) == ["types", "import"])
        #expect(out["exports"]?["./package.json"]?.string == "./package.json")
        #expect(out["main"]?.string == "./dist/index.mjs")
        #expect(out["module"]?.string == "./dist/index.mjs")
        #expect(out["types"]?.string == "./dist/index.d.mts")
        for gone in ["private", "devDependencies", "scripts"] { #expect(out[gone] == nil, "\(gone)") }
        #expect(out["publishConfig"] == .object([("access", .string("public")), ("provenance", .bool(true))]))
        #expect(out["files"] == .array(["dist", "LICENSE", "NOTICE.md", "README.md"].map(JSONValue.string)))
        #expect(out["dependencies"]?["zod"]?.string == "^3.23.0")
        #expect(out["keywords"] == .array([.string("kimi")]))
        let block = try #require(out["releaseMirror"])
        #expect(block["upstream"]?.string == "https://github.com/MoonshotAI/kimi-code.git", "credentials never reach the manifest")
        #expect(block["releaseTag"]?.string == "@moonshot-ai/kimi-code@0.14.2")
        #expect(block["publishTag"]?.string == "publish-sdk/v0.9.3")
        #expect(block["commit"]?.string == commit.hex)
        // Upstream's keys keep their places; new ones come after.
        let keys = try #require(out.pairs?.map(\.0))
        #expect(Array(keys.prefix(6)) == ["name", "version", "description", "type", "license", "main"])
        #expect(keys.last == "releaseMirror")
    }

    @Test func withoutPublishConfigTheDistIsTheEntry() throws {
        let plain = try json(#"{"name": "sdk", "version": "1.0.0", "main": "./src/index.ts", "typings": "./src/index.ts"}"#)
        let out = rewriter { $0.dist = "build"; $0.description = "Mine"; $0.homepage = "https://sdk.example" }.rewrite(plain, version: "1.0.0")
        #expect(out["exports"] == .object([(".", .object([("types", .string("./build/index.d.mts")), ("import", .string("./build/index.mjs"))]))]))
        #expect(out["main"]?.string == "./build/index.mjs")
        #expect(out["types"]?.string == "./build/index.d.mts")
        #expect(out["typings"] == nil, "upstream's typings pointed into src")
        #expect(out["description"]?.string == "Mine")
        #expect(out["homepage"]?.string == "https://sdk.example")
        #expect(out["files"] == .array(["build", "LICENSE", "NOTICE.md", "README.md"].map(JSONValue.string)))
    }

    @Test func entryPointsFollowNodeAndTypeScriptConditions() throws {
        let nested = PackageEntryPoints(manifest: try json(
            #"{"exports": {".": {"import": {"types": "./dist/index.d.mts", "default": "./dist/index.mjs"}, "require": "./dist/index.cjs"}, "./sub/*": "./dist/sub/*.mjs", "./internal": null}, "bin": {"kimi": "./dist/cli.mjs"}}"#))
        #expect(nested.importTarget == "dist/index.mjs")
        #expect(nested.typesTarget == "dist/index.d.mts")
        #expect(nested.targets.map(\.path) == ["dist/index.d.mts", "dist/index.mjs", "dist/index.cjs", "dist/sub/*.mjs", "dist/cli.mjs"])
        #expect(nested.targets.last?.field == "bin.kimi")
        let sugar = PackageEntryPoints(manifest: try json(#"{"exports": "./dist/index.mjs"}"#))
        #expect(sugar.importTarget == "dist/index.mjs")
        #expect(sugar.typesTarget == "dist/index.d.mts", "TypeScript's sibling declarations")
        let conditionsOnly = PackageEntryPoints(manifest: try json(#"{"exports": {"node": "./dist/node.mjs", "default": "./dist/index.mjs"}}"#))
        #expect(conditionsOnly.importTarget == "dist/node.mjs", "the first matching condition in key order")
        let legacy = PackageEntryPoints(manifest: try json(#"{"main": "./lib/index.js", "types": "lib/index.d.ts"}"#))
        #expect(legacy.importTarget == "lib/index.js")
        #expect(legacy.typesTarget == "lib/index.d.ts")
    }

    @Test func dependenciesThatNeedUpstreamsWorkspace() throws {
        let manifest = try json(
            """
            {"dependencies": {"a": "workspace:*", "b": "link:../b", "zod": "^3", "@moonshot-ai/agent-core": "^1.0.0",
              "alias": "npm:@moonshot-ai/agent-core@^1", "ok-alias": "npm:left-pad@1"},
             "peerDependencies": {"c": "file:../c", "d": "catalog:"},
             "optionalDependencies": {"e": "portal:../e", "f": 3},
             "devDependencies": {"g": "workspace:*"}}
            """)
        let found = PackageDependencyRule.violations(in: manifest, workspacePackages: ["@moonshot-ai/agent-core"])
        #expect(found.map { "\($0.field).\($0.name)" } == [
            "dependencies.a", "dependencies.b", "dependencies.@moonshot-ai/agent-core", "dependencies.alias",
            "peerDependencies.c", "peerDependencies.d", "optionalDependencies.e", "optionalDependencies.f",
        ])
        #expect(found[0].description == "dependencies.a = \"workspace:*\" (workspace: resolves only in upstream's workspace)")
        #expect(found[2].reason == "a package of upstream's own workspace")
        #expect(PackageDependencyRule.violations(in: try json(#"{"dependencies": {"zod": "^3"}}"#), workspacePackages: ["x"]).isEmpty)
    }

    @Test func repositoryURLs() {
        let https = PackageRepository(url: "https://github.com/botiverse/kimi-code-sdk", origin: "package.repository")
        #expect(https.manifestURL == "git+https://github.com/botiverse/kimi-code-sdk.git")
        #expect(https.webURL == "https://github.com/botiverse/kimi-code-sdk")
        let git = PackageRepository(url: "git+https://github.com/botiverse/kimi-code-sdk.git", origin: "")
        #expect(git.manifestURL == "git+https://github.com/botiverse/kimi-code-sdk.git")
        #expect(git.webURL == "https://github.com/botiverse/kimi-code-sdk")
        #expect(git.isSame(as: "https://github.com/Botiverse/Kimi-Code-SDK"))
        #expect(!git.isSame(as: "https://github.com/someone/else"))
        #expect(PackageRepository(url: "git+ssh://git@host/x.git", origin: "").webURL == nil)
        let env = ["GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "botiverse/kimi-code-sdk"]
        #expect(PackageRepository.resolve(configured: nil, environment: env)?.url == "https://github.com/botiverse/kimi-code-sdk")
        #expect(PackageRepository.resolve(configured: "https://x.example/y", environment: env)?.origin == "package.repository")
        #expect(PackageRepository.resolve(configured: nil, environment: ["GITHUB_REPOSITORY": "a/b"]) == nil)
    }
}
