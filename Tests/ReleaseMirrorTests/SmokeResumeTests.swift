import Foundation
import Git
@testable import ReleaseMirror
import Testing
import TestSupport

/// A run killed after creating new releases but before smoking them leaves an "in-progress"
/// sync record; the next run owes those smokes even though nothing else changed.
@Suite struct SmokeResumeTests {
    @Test func aRunInterruptedBeforeSmokeIsCompletedByTheNext() async throws {
        let f = try SyncFixture(["--commits", "20", "--releases", "3"])
        try f.writeConfig("")
        try String(contentsOfFile: f.configPath, encoding: .utf8)
            .replacingOccurrences(of: "on = \"never\"", with: "on = \"new-releases\"\ncommand = [\"python3\", \"tools/smoke.py\"]")
            .write(toFile: f.configPath, atomically: true, encoding: .utf8)

        // What a run killed between its ref writes and its smokes leaves behind: the refs, and the
        // in-progress record written before them, but no notes.
        let interrupted = try await SyncEngine(workspace: f.workspace(), options: SyncOptions(noSmoke: true)).run()
        #expect(interrupted.plan.newReleases.count == 3)
        let repository = try Repository.open(at: f.mirror)
        try SyncRecord(
            time: ISO8601DateFormatter().string(from: Date()), result: SyncRecord.inProgress, upstreamTip: nil,
            newTags: f.upstream.releases.map(\.tag), toolVersion: "test"
        ).append(to: repository)
        #expect(try repository.notes(notesRef: Configuration.notesRef).isEmpty)

        let engine = SyncEngine(workspace: try f.workspace(), options: SyncOptions())
        engine.smokeStage = SmokeRunner()
        let resumed = try await engine.run()
        #expect(!resumed.upToDate, "owed smokes are work")
        #expect(resumed.plan.newReleases.isEmpty)
        #expect(Set(resumed.smoke.map(\.ref)) == Set(f.upstream.releases.map { "refs/tags/" + $0.tag }))
        #expect(resumed.smoke.allSatisfy { $0.status == .passed })
        #expect(try repository.notes(notesRef: Configuration.notesRef).count == 3)
        #expect(try SyncRecord.latest(in: repository)?.record.result == "ok")
        #expect(try SyncFixture.refs(f.origin)[Configuration.notesRef] != nil, "the notes reach origin")

        let engine2 = SyncEngine(workspace: try f.workspace(), options: SyncOptions())
        engine2.smokeStage = SmokeRunner()
        let again = try await engine2.run()
        #expect(again.upToDate)
        #expect(again.smoke.isEmpty)
    }
}
