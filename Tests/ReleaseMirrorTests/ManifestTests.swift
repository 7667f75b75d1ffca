import Foundation
import Git
@testable import ReleaseMirror
import Testing
import TestSupport

@Suite struct ManifestTests {
    func problem(_ text: String) -> String? {
        switch ManifestReader.parse(Array(text.utf8)) {
        case .success: return nil
        case .failure(let problem): return problem.code
        }
    }

    @Test func parseAcceptsOnlyAnObjectWithASemVerVersionString() throws {
        let ok = try ManifestReader.parse(Array(#"{"name": "@a/b", "version": "1.2.3-rc.1", "x": [1, {"y": null}]}"#.utf8)).get()
        #expect(ok.name == "@a/b")
        #expect(ok.version == SemanticVersion("1.2.3-rc.1"))
        #expect(try ManifestReader.parse(Array(#"{"version": "1.0.0"}"#.utf8)).get().name == nil)
        #expect(problem("") == "not-json")
        #expect(problem("{ nope") == "not-json")
        #expect(problem("version: 1.0.0") == "not-json")
        #expect(problem(#"["1.0.0"]"#) == "not-an-object")
        #expect(problem(#""1.0.0""#) == "not-an-object")
        #expect(problem("{}") == "no-version")
        #expect(problem(#"{"version": 1}"#) == "version-not-string")
        #expect(problem(#"{"version": true}"#) == "version-not-string")
        #expect(problem(#"{"version": null}"#) == "version-not-string")
        #expect(problem(#"{"version": {"major": 1}}"#) == "version-not-string")
        #expect(problem(#"{"version": "v1.0.0"}"#) == "version-not-semver")
        #expect(problem(#"{"version": "1.0.0", "name": 7}"#) == "name-not-string")
        #expect(problem(String(repeating: "[", count: 100_000)) == "not-json", "deep nesting is an error, not a crash")
        if case .failure(let p) = ManifestReader.parse([0x7B, 0xFF, 0x7D]) { #expect(p == .notUTF8) } else { Issue.record("accepted bytes that are not UTF-8") }
        if case .failure(let p) = ManifestReader.parse(Array(#"{"version": true}"#.utf8)) {
            #expect(p.description.contains("a boolean"))
        }
        if case .failure(let p) = ManifestReader.parse(Array(#"{"version": 3}"#.utf8)) {
            #expect(p.description.contains("a number"))
        }
    }

    /// A repository whose release tags `v1.0.N` each carry one kind of broken manifest.
    struct Faults {
        let tmp = TemporaryDirectory("rm-manifest")
        var path: String { tmp.url("up") }
        static let manifest = "packages/node-sdk/package.json"
        /// tag → the problem code expected (`nil` = reads fine).
        var expected: [(String, String?)] = []

        init() throws {
            try Shell.git("init", "-q", "-b", "main", path, in: tmp.path)
            let file = path + "/" + Faults.manifest
            let directory = (file as NSString).deletingLastPathComponent
            let fm = FileManager.default
            func reset() throws {
                try? fm.removeItem(atPath: path + "/packages")
                try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
                try "export {}\n".write(toFile: directory + "/index.ts", atomically: true, encoding: .utf8)
            }
            func release(_ version: String, _ code: String?, _ write: () throws -> Void) throws {
                try reset()
                try write()
                try Shell.git("add", "-A", in: path)
                try Shell.git("commit", "-q", "--allow-empty", "-m", "release \(version)", in: path)
                try Shell.git("tag", "-a", "-m", "v\(version)", "v\(version)", in: path)
                expected.append(("v\(version)", code))
            }
            try release("1.0.0", nil) { try #"{"name": "sdk", "version": "1.0.0"}"#.write(toFile: file, atomically: true, encoding: .utf8) }
            try release("1.0.1", "not-json") { try "{ \"version\": \"1.0.1\",".write(toFile: file, atomically: true, encoding: .utf8) }
            try release("1.0.2", "no-version") { try #"{"name": "sdk"}"#.write(toFile: file, atomically: true, encoding: .utf8) }
            try release("1.0.3", "version-not-string") { try #"{"version": 103}"#.write(toFile: file, atomically: true, encoding: .utf8) }
            try release("1.0.4", "too-large") {
                let padding = String(repeating: " ", count: 2 << 20)
                try "{\"version\": \"1.0.4\",\(padding)\"name\": \"sdk\"}".write(toFile: file, atomically: true, encoding: .utf8)
            }
            try release("1.0.5", "not-a-file") {
                try fm.createDirectory(atPath: file, withIntermediateDirectories: true)
                try #"{"version": "1.0.5"}"#.write(toFile: file + "/package.json", atomically: true, encoding: .utf8)
            }
            try release("1.0.6", "symlink") {
                try #"{"version": "1.0.6"}"#.write(toFile: directory + "/real.json", atomically: true, encoding: .utf8)
                try fm.createSymbolicLink(atPath: file, withDestinationPath: "real.json")
            }
            try release("1.0.7", "absent") { try fm.removeItem(atPath: path + "/packages") }
            try release("1.0.8", "version-not-semver") { try #"{"version": "latest"}"#.write(toFile: file, atomically: true, encoding: .utf8) }
            try release("1.0.9", "not-an-object") { try "[1, 2]".write(toFile: file, atomically: true, encoding: .utf8) }
            try release("1.0.10", "not-utf8") { try Data([0x7B, 0xC3, 0x28, 0x7D]).write(to: URL(fileURLWithPath: file)) }
            try release("1.0.11", "name-not-string") { try #"{"name": ["sdk"], "version": "1.0.11"}"#.write(toFile: file, atomically: true, encoding: .utf8) }
        }

        func workspace(_ edit: (inout Configuration) -> Void = { _ in }) throws -> MirrorWorkspace {
            let config = tmp.url("release-mirror.toml")
            try """
                [upstream]
                url = "\(path)"
                release-tags = "v{version}"
                [mirror]
                repository = "\(path)"
                remote = ""
                [publish]
                manifest = "\(Faults.manifest)"
                ledger = "\(tmp.url("RELEASES.md"))"
                """.write(toFile: config, atomically: true, encoding: .utf8)
            var configuration = try ConfigurationLoader.load(path: config)
            configuration.publish.packageName = nil
            edit(&configuration)
            return try MirrorWorkspace(configuration: configuration, environment: RunEnvironment(), create: false)
        }
    }

    @Test func everyFaultAtATagIsReportedWithTheTagAndPathNeverACrash() throws {
        let faults = try Faults()
        let repository = try Repository.open(at: faults.path)
        let reader = ManifestReader(repository: repository, path: Faults.manifest)
        #expect(reader.directory == "packages/node-sdk")
        for (tag, code) in faults.expected {
            let commit = try repository.peelToCommit(try #require(try repository.referenceTarget("refs/tags/" + tag)))
            switch try reader.read(commit: commit, ref: tag) {
            case .success(let manifest):
                #expect(code == nil, "\(tag) read as \(manifest)")
                #expect(manifest.version == SemanticVersion("1.0.0"))
                #expect(manifest.name == "sdk")
            case .failure(let error):
                #expect(error.problem.code == code, "\(tag): \(error)")
                #expect(error.description.hasPrefix("\(Faults.manifest) at \(tag) (\(commit.short()))"))
                #expect(error.ref == tag)
            }
        }
        // The symlink's target is named, not followed.
        let symlink = try repository.peelToCommit(try #require(try repository.referenceTarget("refs/tags/v1.0.6")))
        #expect(try reader.read(commit: symlink, ref: "v1.0.6") == .failure(
            ManifestError(ref: "v1.0.6", path: Faults.manifest, commit: symlink, problem: .symlink(target: "real.json"))))
        // The package tree is the manifest's directory (absent when the directory is).
        let absent = try repository.peelToCommit(try #require(try repository.referenceTarget("refs/tags/v1.0.7")))
        #expect(try reader.packageTree(commit: absent) == nil)
        #expect(try reader.packageTree(commit: symlink)?.hex == (try Shell.git("rev-parse", "v1.0.6:packages/node-sdk", in: faults.path)))
        #expect(try ManifestReader(repository: repository, path: "package.json").packageTree(commit: symlink)
            == (try repository.rootTreeID(of: symlink)))
    }

    @Test func ledgerAndAuditReportBrokenManifestsAsFindings() throws {
        let faults = try Faults()
        let workspace = try faults.workspace()
        let update = try LedgerUpdater(workspace: workspace).update()
        #expect(update.rows == faults.expected.count)
        let rows = LedgerDocument(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: faults.tmp.url("RELEASES.md"))))).rows
        #expect(rows.first { $0.tag == "v1.0.0" }?.sdkVersion == SemanticVersion("1.0.0"))
        #expect(rows.filter { $0.sdkVersion == nil }.count == faults.expected.count - 1)

        let report = try Auditor(workspace: workspace).audit()
        #expect(report.errors == 0)
        let unreadable = report.findings.filter { $0.id == .manifestUnreadable }
        let broken = faults.expected.filter { $0.1 != nil && $0.1 != "absent" }.map(\.0)
        #expect(Set(unreadable.map(\.subject)) == Set(broken))
        for finding in unreadable {
            #expect(finding.severity == .warning)
            #expect(finding.message.contains("\(Faults.manifest) at \(finding.subject)"))
            #expect(finding.line != nil)
        }
    }

    @Test func publishTagRefusesABrokenManifestNamingTagAndPath() throws {
        let faults = try Faults()
        let workspace = try faults.workspace()
        _ = try LedgerUpdater(workspace: workspace).update()
        for (tag, code) in faults.expected where code != nil {
            let version = String(tag.dropFirst())
            let result = try PublishTagger(workspace: workspace)
                .run(PublishRequest(version: version, from: tag, push: false, allowUnverified: true))
            #expect(result.outcome == .refused)
            #expect(result.failed.map(\.id) == [.manifest], "\(tag): \(result.checks)")
            #expect(result.failed.first?.evidence.contains("\(Faults.manifest) at \(tag)") == true)
        }
        #expect(try Upstream.refList(faults.path).contains("publish-sdk") == false)
        // The one good manifest publishes.
        let good = try PublishTagger(workspace: workspace).run(PublishRequest(version: "1.0.0", from: "v1.0.0", push: false, allowUnverified: true))
        #expect(good.outcome == .created)
    }
}
