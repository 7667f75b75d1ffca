import Foundation
import Git
@testable import ReleaseMirror
import Testing
import TestSupport

/// The sync record's on-disk format (`refs/release-mirror/last-sync`, SPEC §5.2) and the sync
/// result's exit status in JSON are pinned byte for byte: older and newer releases of the tool
/// read each other's records.
@Suite struct SyncRecordTests {
    static let tip = ObjectID(hex: String(repeating: "ab", count: 20))!

    @Test func theRecordCommitMessageIsPinned() throws {
        let tmp = TemporaryDirectory()
        let repository = try Repository.create(at: tmp.url("mirror.git"), bare: true)
        let record = SyncRecord(
            time: "2026-11-28T21:00:00Z", result: .smokeFailed, upstreamTip: Self.tip, newTags: ["v1.2.3", "v1.3.0"],
            toolVersion: "9.8.7")
        try record.append(to: repository)
        let (read, commit) = try #require(try SyncRecord.latest(in: repository))
        #expect(read == record)
        #expect(read.result == "smoke-failed")
        #expect(
            try repository.rawCommitMessage(commit)
                == "release-mirror sync record\n\n"
                + "{\"new_tags\":[\"v1.2.3\",\"v1.3.0\"],\"result\":\"smoke-failed\",\"time\":\"2026-11-28T21:00:00Z\","
                + "\"tool_version\":\"9.8.7\",\"upstream_tip\":\"\(Self.tip.hex)\"}\n")
    }

    @Test func everyOutcomeIsStoredAsItsStringAndUnknownOnesAreKept() throws {
        let outcomes: [SyncRecord.Outcome] = [.ok, .held, .smokeFailed, .inProgress]
        #expect(outcomes.map(\.rawValue) == ["ok", "held", "smoke-failed", "in-progress"])
        let json = #"{"new_tags":[],"result":"paused","time":"t","tool_version":"1"}"#
        let decoded = try JSONDecoder().decode(SyncRecord.self, from: Data(json.utf8))
        #expect(decoded.result.rawValue == "paused")
        #expect(decoded.upstreamTip == nil)
    }

    @Test func theResultCarriesItsExitStatusAsANumberInJSON() throws {
        var result = SyncResult()
        result.exitStatus = .held
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(result)) as? [String: Any]
        #expect(object?["exitStatus"] as? Int == 3)
        let back = try JSONDecoder().decode(SyncResult.self, from: JSONEncoder().encode(result))
        #expect(back.exitStatus == .held)
    }
}

/// How a sync run ends, decided from its state alone (SPEC §5.2, §6).
@Suite struct SyncRunOutcomeTests {
    func run(hold: Bool = false, smoke: [SmokeOutcome.Status] = [], failed: ReleaseMirror.ExitStatus = .success) -> SyncRun {
        var run = SyncRun(
            started: Date(), managed: ManagedRefs(configuration: AuditFactsTests.configuration), remoteURL: nil, dryRun: false)
        run.findingsHold = hold
        run.result.exitStatus = failed
        run.result.smoke = smoke.map {
            SmokeOutcome(
                ref: "refs/tags/v1.0.0", commit: SyncRecordTests.tip, version: "1.0.0", status: $0, command: ["true"],
                started: "t", durationSeconds: 0, logTail: "")
        }
        return run
    }

    @Test func aFailureWinsThenAHoldThenAFailedSmoke() {
        #expect(run().exitStatus == .success && run().recordOutcome == .ok)
        #expect(run(smoke: [.passed, .passed]).exitStatus == .success)
        #expect(run(smoke: [.passed, .timedOut]).exitStatus == .smokeFailed)
        #expect(run(smoke: [.failed]).recordOutcome == .smokeFailed)
        #expect(run(hold: true, smoke: [.failed]).exitStatus == .held)
        #expect(run(hold: true, smoke: [.failed]).recordOutcome == .held)
        #expect(run(hold: true, failed: .failure).exitStatus == .failure)
        #expect(run(smoke: [.error], failed: .locked).exitStatus == .locked)
    }
}
