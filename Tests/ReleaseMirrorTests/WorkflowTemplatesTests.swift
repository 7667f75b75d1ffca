import Foundation
import ReleaseMirror
import Testing
import TestSupport

@Suite struct WorkflowTemplatesTests {
    static let pin = ToolPin(repository: "acme/release-mirror", tag: "v0.3.1", commit: ToolRefFixture.commit)

    @Test func embeddedWorkflowsMatchTheFiles() throws {
        #expect(WorkflowTemplates.all.map(\.name) == ["sync-upstream.yml", "publish-sdk.yml"])
        for file in WorkflowTemplates.all {
            let onDisk = try String(contentsOfFile: Upstream.packageRoot + "/workflows/" + file.name, encoding: .utf8)
            #expect(file.contents == onDisk, "\(file.name) is stale: run scripts/embed-workflows.py")
        }
    }

    @Test func initInstallsConfigLedgerAndWorkflowsAndRefusesToOverwrite() throws {
        let tmp = TemporaryDirectory()
        let dir = tmp.url("mirror")
        let written = try MirrorInitializer(directory: dir, upstream: "https://example.com/u.git", tagPattern: "v{version}", remote: "", force: false, pin: Self.pin).run()
        #expect(written.map { ($0 as NSString).lastPathComponent } == ["release-mirror.toml", "RELEASES.md", "sync-upstream.yml", "publish-sdk.yml"])
        let config = try ConfigurationLoader.load(path: dir + "/release-mirror.toml")
        #expect(config.upstream.releaseTags.template == "v{version}")
        #expect(config.mirror.remote == "")
        #expect(FileManager.default.fileExists(atPath: dir + "/.git"))
        let ledger = try String(contentsOfFile: dir + "/RELEASES.md", encoding: .utf8)
        #expect(ledger.contains("<!-- release-mirror:mapping:begin -->"))
        #expect(throws: MirrorError.self) {
            try MirrorInitializer(directory: dir, upstream: nil, tagPattern: nil, remote: nil, force: false, pin: Self.pin).run()
        }
        #expect(try MirrorInitializer(directory: dir, upstream: nil, tagPattern: nil, remote: nil, force: true, pin: Self.pin).run().count == 4)
        #expect(throws: MirrorError.self) {
            try MirrorInitializer(directory: tmp.url("bad"), upstream: nil, tagPattern: "no-version", remote: nil, force: false, pin: Self.pin).run()
        }
        #expect(!FileManager.default.fileExists(atPath: tmp.url("bad") + "/release-mirror.toml"), "a bad pattern writes nothing")
    }

    /// Fault 3: the workflows install an immutable ref of release-mirror, never a tag that may not
    /// exist: every `uses:` of its action is `owner/name@<commit> # <tag>`, and the tag it downloads
    /// is the pinned one.
    @Test func initPinsTheWorkflowsToTheReleaseCommit() throws {
        let tmp = TemporaryDirectory()
        let dir = tmp.url("mirror")
        _ = try MirrorInitializer(directory: dir, upstream: nil, tagPattern: nil, remote: nil, force: false, pin: Self.pin).run()
        for name in ["sync-upstream.yml", "publish-sdk.yml"] {
            let text = try String(contentsOfFile: dir + "/.github/workflows/" + name, encoding: .utf8)
            let uses = text.split(separator: "\n").filter { $0.contains("uses: ") && $0.contains("release-mirror@") }
            #expect(!uses.isEmpty, "\(name) installs release-mirror through its action")
            for line in uses {
                #expect(line.hasSuffix("uses: acme/release-mirror@\(ToolRefFixture.commit) # v0.3.1"), "\(name): \(line)")
            }
            #expect(text.contains("RELEASE_MIRROR_TOOL_VERSION: v0.3.1"))
            #expect(!text.contains(ToolPin.placeholder.commit), "\(name) still holds the placeholder")
            #expect(!text.contains("RELEASE_MIRROR_REF"), "\(name) still builds from a tag name")
        }
        // The templates hold the placeholder where init writes the pin, in each shipped file.
        for file in WorkflowTemplates.all {
            #expect(file.contents.contains("uses: " + ToolPin.placeholder.uses), "\(file.name)")
            #expect(file.contents.contains("RELEASE_MIRROR_TOOL_VERSION: v0.0.0"), "\(file.name)")
        }
    }

    @Test func aDevelopmentBuildNeedsToolRefAndAReleaseBuildPinsItself() throws {
        // A development build refuses, saying what to pass.
        #expect {
            _ = try ToolPin.resolve(toolRef: nil, repository: nil, build: nil)
        } throws: { error in
            "\(error)".contains("development build") && "\(error)".contains("--tool-ref vX.Y.Z@<commit>")
        }
        // A release build pins its own release.
        let build = ToolPin(repository: "org/release-mirror", tag: "v1.2.3", commit: String(repeating: "b", count: 40))
        #expect(try ToolPin.resolve(toolRef: nil, repository: nil, build: build)
            == ToolPin(repository: "org/release-mirror", tag: "v1.2.3", commit: build.commit))
        // --tool-ref overrides; the repository defaults to the build's, then to the default.
        #expect(try ToolPin.resolve(toolRef: "v0.3.1@" + ToolRefFixture.commit, repository: nil, build: build).repository
            == "org/release-mirror")
        #expect(try ToolPin.resolve(toolRef: "v0.3.1@" + ToolRefFixture.commit, repository: nil, build: nil).repository
            == ToolPin.defaultRepository)
        // Mutable or malformed refs are refused with the reason.
        let bad: [(String, String)] = [
            ("v0.3.1", "expected TAG@COMMIT"), ("v0.3.1@abc123", "not 40 lowercase hex"),
            ("main@" + ToolRefFixture.commit, "not v + a SemVer"), ("v0.3.1@" + ToolPin.placeholder.commit, "placeholder"),
            ("v0.3.1@" + String(repeating: "A", count: 40), "not 40 lowercase hex"),
        ]
        for (ref, reason) in bad {
            #expect(throws: MirrorError.self, "\(ref)") { _ = try ToolPin.resolve(toolRef: ref, repository: nil, build: nil) }
            do { _ = try ToolPin.resolve(toolRef: ref, repository: nil, build: nil) } catch {
                #expect("\(error)".contains(reason), "\(ref): \(error)")
            }
        }
        #expect(throws: MirrorError.self) {
            _ = try ToolPin.resolve(toolRef: "v0.3.1@" + ToolRefFixture.commit, repository: "no-slash", build: nil)
        }
    }

    @Test func versionLineNamesTheReleaseOrSaysDevelopmentBuild() {
        let build = ToolPin(repository: "org/release-mirror", tag: "v1.2.3", commit: String(repeating: "c", count: 40))
        #expect(ToolBuild.versionLine(build) == "1.2.3 (commit \(build.commit), org/release-mirror)")
        #expect(ToolBuild.versionLine(nil).hasPrefix("development build"))
        #expect(ToolBuild.current == nil, "the test build is not stamped")
        #expect(RunEnvironment.toolVersion == "dev")
    }
}
