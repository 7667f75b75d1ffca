import Foundation
import Testing
import TestSupport

@Suite struct PackageCLITests {
    static let expectedFiles = [
        "LICENSE", "NOTICE.md", "README.md", "dist/errors.d.mts", "dist/errors.mjs", "dist/index.d.mts", "dist/index.mjs",
        "dist/session.d.mts", "dist/session.mjs", "package.json",
    ]

    func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text)")
    }

    @Test func packagesPacksInstallsOfflineAndImports() throws {
        let fixture = try PackageCLIFixture()
        let source = try fixture.checkout("0.10.0")
        let out = fixture.tmp.url("out")
        let json = try fixture.run(["package", "0.3.0", "--source", source, "--out", out, "--json"]).expect(0)
        let result = try object(json.stdout)
        #expect(result["outcome"] as? String == "packaged")
        #expect(result["dist_tag"] as? String == "latest")
        #expect(result["directory"] as? String == out)
        #expect(result["name"] as? String == PackageCLIFixture.packageName)
        let files = result["files"] as? [[String: Any]] ?? []
        #expect(files.compactMap { $0["path"] as? String } == PackageCLITests.expectedFiles)
        let onDisk = try PackageCLITests.expectedFiles.map { try FileManager.default.attributesOfItem(atPath: out + "/" + $0)[.size] as? Int ?? -1 }
        #expect(files.compactMap { $0["size"] as? Int } == onDisk)
        #expect(result["total_size"] as? Int == onDisk.reduce(0, +))
        let checks = result["checks"] as? [[String: Any]] ?? []
        #expect(checks.compactMap { $0["id"] as? String } == [
            "publish-tag", "manifest", "version", "repository", "dist", "entries", "dependencies", "license", "exports",
        ])
        #expect(checks.allSatisfy { $0["status"] as? String == "pass" }, "\(checks)")
        let commit = try Shell.git("rev-parse", "@moonshot-ai/kimi-code@0.10.0^{commit}", in: fixture.upstream)
        #expect(result["commit"] as? String == commit)

        // The manifest, rewritten for the mirror.
        let manifest = try object(String(contentsOfFile: out + "/package.json", encoding: .utf8))
        #expect(manifest["name"] as? String == PackageCLIFixture.packageName)
        #expect(manifest["version"] as? String == "0.3.0")
        for gone in ["private", "devDependencies", "scripts"] { #expect(manifest[gone] == nil, "\(gone)") }
        #expect(manifest["files"] as? [String] == ["dist", "LICENSE", "NOTICE.md", "README.md"])
        #expect((manifest["repository"] as? [String: Any])?["url"] as? String == "git+https://github.com/botiverse/kimi-code-sdk.git")
        #expect((manifest["publishConfig"] as? [String: Any])?["provenance"] as? Bool == true)
        let provenance = try #require(manifest["releaseMirror"] as? [String: Any])
        #expect(provenance["commit"] as? String == commit)
        #expect(provenance["releaseTag"] as? String == "@moonshot-ai/kimi-code@0.10.0")
        #expect(try String(contentsOfFile: out + "/NOTICE.md", encoding: .utf8).contains("not affiliated with"))
        #expect(try String(contentsOfFile: out + "/README.md", encoding: .utf8).contains("**Not affiliated with**"))
        #expect(try String(contentsOfFile: out + "/LICENSE", encoding: .utf8).hasPrefix("MIT License"))

        // npm packs exactly these files …
        let packs = fixture.tmp.url("packs")
        try FileManager.default.createDirectory(atPath: packs, withIntermediateDirectories: true)
        let pack = try fixture.node(["npm", "pack", "--json", "--pack-destination", packs], in: out).expect(0)
        let packed = try #require(try JSONSerialization.jsonObject(with: Data(pack.stdout.utf8)) as? [[String: Any]]).first
        #expect((packed?["files"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }.sorted() == PackageCLITests.expectedFiles)
        let tarball = packs + "/" + (packed?["filename"] as? String ?? "?")
        // … installs offline into a fresh project, and Node imports the required names from it.
        let consumer = fixture.tmp.url("consumer")
        try FileManager.default.createDirectory(atPath: consumer, withIntermediateDirectories: true)
        try #"{ "name": "consumer", "version": "1.0.0", "private": true, "type": "module" }"#.write(
            toFile: consumer + "/package.json", atomically: true, encoding: .utf8)
        try fixture.node(["npm", "install", "--offline", "--no-audit", "--no-fund", tarball], in: consumer).expect(0)
        let script = """
            const m = await import('\(PackageCLIFixture.packageName)');
            const missing = \(PackageCLIFixture.required).filter((name) => typeof m[name] !== 'function');
            if (missing.length) { console.error('missing: ' + missing.join(', ')); process.exit(1); }
            const harness = m.createKimiHarness({ model: 'k2' });
            if (!(harness instanceof m.KimiHarness) || !(new m.KimiError('x') instanceof Error)) process.exit(2);
            console.log(Object.keys(m).sort().join(','));
            """
        let imported = try fixture.node(["node", "--input-type=module", "-e", script], in: consumer).expect(0)
        #expect(imported.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "KimiError,KimiHarness,Session,createKimiHarness")
    }

    @Test func printsTheFileListTotalSizeAndDistTag() throws {
        let fixture = try PackageCLIFixture()
        let source = try fixture.checkout("0.10.0")
        let out = fixture.tmp.url("pkg")
        let result = try fixture.run(["package", "0.3.0", "--source", source, "--out", out]).expect(0)
        for check in ["publish-tag", "manifest", "version", "repository", "dist", "entries", "dependencies", "license", "exports"] {
            #expect(result.stdout.contains("pass   \(check)"), "\(check): \(result.stdout)")
        }
        #expect(result.stdout.contains("wrote \(out):"))
        for file in PackageCLITests.expectedFiles { #expect(result.stdout.contains("  \(file)\n"), "\(file)") }
        #expect(result.stdout.contains("10 file(s), "))
        #expect(result.stdout.contains("--tag latest"))
        // A version carrying publish.allow-suffix goes under package.suffix-dist-tag.
        let suffixed = try fixture.run(["package", "0.3.0-botiverse.1", "--source", source, "--out", fixture.tmp.url("pkg2"), "--json"]).expect(0)
        #expect(try object(suffixed.stdout)["dist_tag"] as? String == "botiverse")
        #expect(try String(contentsOfFile: fixture.tmp.url("pkg2") + "/package.json", encoding: .utf8).contains("\"version\": \"0.3.0-botiverse.1\""))
        // An existing, non-empty --out is a usage error and is left alone.
        let again = try fixture.run(["package", "0.3.0", "--source", source, "--out", out]).expect(2)
        #expect(again.stderr.contains("--out \(out): already exists and is not an empty directory"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted() == ["LICENSE", "NOTICE.md", "README.md", "dist", "package.json"])
        // So is an --out inside the dist it would copy.
        let inside = source + "/packages/node-sdk/dist/pkg"
        #expect(try fixture.run(["package", "0.3.0", "--source", source, "--out", inside]).expect(2).stderr.contains("is inside the dist it would copy"))
        #expect(!FileManager.default.fileExists(atPath: inside))
    }

    @Test func underGitHubActionsTheRepositoryComesFromTheRunAndTheResultBecomesJobOutputs() throws {
        let fixture = try PackageCLIFixture()
        let config = try String(contentsOfFile: fixture.configPath, encoding: .utf8)
        try config.replacingOccurrences(of: "repository = \"https://github.com/botiverse/kimi-code-sdk\"\n", with: "")
            .write(toFile: fixture.configPath, atomically: true, encoding: .utf8)
        let source = try fixture.checkout("0.10.0")
        let out = fixture.tmp.url("out")
        // Neither package.repository nor the run's repository: a configuration error.
        let missing = try fixture.run(["package", "0.3.0", "--source", source, "--out", out]).expect(2)
        #expect(missing.stderr.contains("package.repository: not set, and GITHUB_SERVER_URL/GITHUB_REPOSITORY are not both set"))
        let outputs = fixture.tmp.url("outputs.txt"), summary = fixture.tmp.url("summary.md")
        let actions = [
            "GITHUB_ACTIONS": "true", "GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "botiverse/kimi-code-sdk",
            "GITHUB_OUTPUT": outputs, "GITHUB_STEP_SUMMARY": summary,
        ]
        try fixture.run(["package", "0.3.0", "--source", source, "--out", out], environment: actions).expect(0)
        let manifest = try String(contentsOfFile: out + "/package.json", encoding: .utf8)
        #expect(manifest.contains("\"url\": \"git+https://github.com/botiverse/kimi-code-sdk.git\""))
        let written = try String(contentsOfFile: outputs, encoding: .utf8).components(separatedBy: "\n")
        for line in ["name=\(PackageCLIFixture.packageName)", "version=0.3.0", "dist-tag=latest", "directory=\(out)", "outcome=packaged", "exit-status=0"] {
            #expect(written.contains(line), "\(line) not in \(written)")
        }
        #expect(try String(contentsOfFile: summary, encoding: .utf8).contains("**packaged**: 10 file(s)"))
    }

    /// Runs a package that must be refused: exit 5, the failing check named with its reason, and
    /// nothing left in --out or beside it.
    func refused(
        _ fixture: PackageCLIFixture, _ version: String, source: String, check: String, reason: String,
        environment: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let before = try fixture.entries()
        let out = fixture.tmp.url("out")
        let result = try fixture.run(["package", version, "--source", source, "--out", out], environment: environment)
        #expect(result.status == 5, "exit \(result.status): \(result.output)", sourceLocation: sourceLocation)
        #expect(result.stdout.contains("FAIL   \(check)"), "\(result.stdout)", sourceLocation: sourceLocation)
        #expect(result.stdout.contains(reason), "\(result.stdout)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains("nothing was written to --out"), "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(!FileManager.default.fileExists(atPath: out), "--out was created", sourceLocation: sourceLocation)
        #expect(try fixture.entries() == before, "something was left beside --out", sourceLocation: sourceLocation)
        let json = try fixture.run(["package", version, "--source", source, "--out", out, "--json"], environment: environment)
        #expect(json.status == 5, sourceLocation: sourceLocation)
        let decoded = try object(json.stdout)
        #expect(decoded["outcome"] as? String == "refused", sourceLocation: sourceLocation)
        #expect(decoded["directory"] is NSNull, "null rather than a missing key", sourceLocation: sourceLocation)
        #expect((decoded["files"] as? [Any])?.isEmpty == true, sourceLocation: sourceLocation)
    }

    @Test func refusesAVersionWithoutAPublishTag() throws {
        let fixture = try PackageCLIFixture()
        try refused(fixture, "0.3.9", source: try fixture.checkout("0.10.0"), check: "publish-tag", reason: "no refs/tags/publish-sdk/v0.3.9")
    }

    @Test func refusesACheckoutOfAnotherCommit() throws {
        let fixture = try PackageCLIFixture()
        try refused(
            fixture, "0.3.0", source: try fixture.checkout("0.11.0"), check: "manifest",
            reason: "--source is a git checkout at ")
    }

    @Test func refusesASourceWhoseManifestIsNotThePublishTagsBlob() throws {
        let fixture = try PackageCLIFixture()
        let source = try fixture.checkout("0.11.0")
        try FileManager.default.removeItem(atPath: source + "/.git")  // a build artifact, not a checkout
        try refused(
            fixture, "0.3.0", source: source, check: "manifest",
            reason: "--source's packages/node-sdk/package.json differs from blob")
    }

    @Test func refusesAPublishTagWhoseCommitCarriesAnotherVersion() throws {
        let fixture = try PackageCLIFixture()
        let commit = try Shell.git("rev-parse", "@moonshot-ai/kimi-code@0.10.0^{commit}", in: fixture.upstream)
        try Shell.git("tag", "-a", "-m", "by hand", "publish-sdk/v0.3.7", commit, in: fixture.directory)
        try refused(fixture, "0.3.7", source: try fixture.checkout("0.10.0"), check: "version", reason: "0.3.7 ≠ 0.3.0")
    }

    @Test func refusesACheckoutThatWasNotBuilt() throws {
        let fixture = try PackageCLIFixture()
        try refused(
            fixture, "0.3.0", source: try fixture.checkout("0.10.0", build: false), check: "dist",
            reason: "packages/node-sdk/dist is not a directory in --source")
    }

    @Test func refusesAnEntryFileMissingFromTheDist() throws {
        let fixture = try PackageCLIFixture()
        let source = try fixture.checkout("0.10.0") { $0["index.d.mts"] = nil }
        try refused(fixture, "0.3.0", source: source, check: "entries", reason: #"exports["."]["types"] → dist/index.d.mts: no such file"#)
    }

    @Test func refusesAWorkspaceProtocolDependency() throws {
        let fixture = try PackageCLIFixture()
        try refused(
            fixture, "0.3.1", source: try fixture.checkout("0.11.0"), check: "dependencies",
            reason: #"dependencies.@moonshot-ai/agent-core = "workspace:^" (workspace: resolves only in upstream's workspace)"#)
    }

    @Test func refusesADependencyOnAPackageOfUpstreamsWorkspace() throws {
        let fixture = try PackageCLIFixture()
        try refused(
            fixture, "0.3.2", source: try fixture.checkout("0.12.0"), check: "dependencies",
            reason: #"dependencies.@moonshot-ai/agent-core = "^1.0.0" (a package of upstream's own workspace)"#)
    }

    @Test func refusesWithoutALicense() throws {
        let fixture = try PackageCLIFixture()
        try refused(
            fixture, "0.3.3", source: try fixture.checkout("0.13.0"), check: "license",
            reason: "no LICENSE (LICENSE, LICENSE.md")
    }

    @Test func refusesAnEntryThatLacksARequiredExport() throws {
        let fixture = try PackageCLIFixture()
        let source = try fixture.checkout("0.10.0") {
            $0["index.mjs"] = $0["index.mjs"]?.replacingOccurrences(of: "export function createKimiHarness", with: "function createKimiHarness")
        }
        try refused(
            fixture, "0.3.0", source: source, check: "exports",
            reason: "dist/index.mjs (import) does not export createKimiHarness")
    }

    @Test func refusesDeclarationsThatLackARequiredExport() throws {
        let fixture = try PackageCLIFixture()
        let source = try fixture.checkout("0.10.0") { $0["errors.d.mts"] = "export declare class OtherError extends Error {}\n" }
        try refused(fixture, "0.3.0", source: source, check: "exports", reason: "dist/index.d.mts (types) does not export KimiError")
    }

    @Test func refusesARepositoryThatIsNotTheBuildingOne() throws {
        let fixture = try PackageCLIFixture()
        try refused(
            fixture, "0.3.0", source: try fixture.checkout("0.10.0"), check: "repository",
            reason: "this run builds https://github.com/someone/fork: npm refuses a provenance publish",
            environment: ["GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "someone/fork"])
    }

    @Test func refusesASymbolicLinkInTheDist() throws {
        let fixture = try PackageCLIFixture()
        let source = try fixture.checkout("0.10.0")
        try FileManager.default.createSymbolicLink(atPath: source + "/packages/node-sdk/dist/secrets", withDestinationPath: "/etc")
        try refused(fixture, "0.3.0", source: source, check: "dist", reason: "holds symbolic links or special files (packages/node-sdk/dist/secrets)")
    }

    @Test func withoutAPackageSectionTheCommandIsAConfigurationError() throws {
        let fixture = try PackageCLIFixture()
        let config = try String(contentsOfFile: fixture.configPath, encoding: .utf8)
        try String(config[..<config.range(of: "[package]")!.lowerBound]).write(toFile: fixture.configPath, atomically: true, encoding: .utf8)
        let out = fixture.tmp.url("out")
        let result = try fixture.run(["package", "0.3.0", "--source", try fixture.checkout("0.10.0"), "--out", out]).expect(2)
        #expect(result.stderr.contains("package.name: not set: add a [package] section"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
