import Foundation
import ReleaseMirror
import Testing
import TestSupport

@Suite struct WorkflowTemplatesTests {
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
        let written = try MirrorInitializer(directory: dir, upstream: "https://example.com/u.git", tagPattern: "v{version}", remote: "", force: false).run()
        #expect(written.map { ($0 as NSString).lastPathComponent } == ["release-mirror.toml", "RELEASES.md", "sync-upstream.yml", "publish-sdk.yml"])
        let config = try ConfigurationLoader.load(path: dir + "/release-mirror.toml")
        #expect(config.upstream.releaseTags.template == "v{version}")
        #expect(config.mirror.remote == "")
        #expect(FileManager.default.fileExists(atPath: dir + "/.git"))
        let ledger = try String(contentsOfFile: dir + "/RELEASES.md", encoding: .utf8)
        #expect(ledger.contains("<!-- release-mirror:mapping:begin -->"))
        #expect(throws: MirrorError.self) {
            try MirrorInitializer(directory: dir, upstream: nil, tagPattern: nil, remote: nil, force: false).run()
        }
        #expect(try MirrorInitializer(directory: dir, upstream: nil, tagPattern: nil, remote: nil, force: true).run().count == 4)
        #expect(throws: MirrorError.self) {
            try MirrorInitializer(directory: tmp.url("bad"), upstream: nil, tagPattern: "no-version", remote: nil, force: false).run()
        }
        #expect(!FileManager.default.fileExists(atPath: tmp.url("bad") + "/release-mirror.toml"), "a bad pattern writes nothing")
    }
}
