import Foundation
import ReleaseMirror
import Testing
import TestSupport

/// `init --upgrade` (SPEC §12.2) on real files written by `init`.
@Suite struct MirrorUpgraderTests {
    static let old = ToolPin(repository: "acme/release-mirror", tag: "v0.3.1", commit: String(repeating: "a", count: 40))
    static let new = ToolPin(repository: "acme/release-mirror", tag: "v0.4.0", commit: String(repeating: "b", count: 40))
    static let handComment = "# Our team's note: ask #release before changing the schedule.\n"
    static let handJob = """
          notify:
            runs-on: ubuntu-24.04
            needs: publish
            steps:
              - run: echo "mirror published"

        """

    /// A mirror as an older init left it, with hand edits outside the managed parts: its sync
    /// workflow pinned to `old`, lacking a step the current template has.
    func olderMirror(_ tmp: TemporaryDirectory) throws -> String {
        let dir = tmp.url("mirror")
        _ = try MirrorInitializer(directory: dir, upstream: nil, tagPattern: nil, remote: nil, force: false, pin: Self.old).run()
        let path = dir + "/.github/workflows/sync-upstream.yml"
        var text = try String(contentsOfFile: path, encoding: .utf8)
        let step = "      - name: Enable corepack\n        run: corepack enable\n"
        #expect(text.contains(step))
        text = text.replacingOccurrences(of: step, with: "")   // the older template had no such step
        text = Self.handComment + text + Self.handJob            // hand edits above and below the markers
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return dir
    }

    func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    @Test func upgradeReplacesTheManagedPartsAndKeepsHandEdits() throws {
        let tmp = TemporaryDirectory()
        let dir = try olderMirror(tmp)
        let sync = dir + "/.github/workflows/sync-upstream.yml"
        let upgrader = MirrorUpgrader(directory: dir, pin: Self.new)
        let changes = try upgrader.plan()
        #expect(changes.map(\.status) == [.updated, .updated])
        #expect(changes[0].diff.contains("+      - name: Enable corepack"))
        #expect(changes[0].diff.contains("-        uses: acme/release-mirror@\(Self.old.commit) # v0.3.1"))
        #expect(changes[0].diff.contains("+        uses: acme/release-mirror@\(Self.new.commit) # v0.4.0"))
        #expect(changes[0].diff.hasPrefix("--- a/.github/workflows/sync-upstream.yml\n+++ b/.github/workflows/sync-upstream.yml\n"))
        #expect(!changes[0].diff.contains("notify"), "the hand-written job is outside the managed part")
        try upgrader.apply(changes)
        let upgraded = try read(sync)
        let template = Self.new.apply(to: WorkflowTemplates.all[0].contents)
        // Exactly: the hand comment, the new template's text, the hand job.
        #expect(upgraded == Self.handComment + template + Self.handJob)
        // A second upgrade changes nothing and prints no diff.
        let again = try upgrader.plan()
        #expect(again.map(\.status) == [.unchanged, .unchanged])
        #expect(again.allSatisfy { $0.diff.isEmpty })
    }

    @Test func planWritesNothing() throws {
        let tmp = TemporaryDirectory()
        let dir = try olderMirror(tmp)
        let sync = dir + "/.github/workflows/sync-upstream.yml"
        let before = try read(sync)
        let stamp = try FileManager.default.attributesOfItem(atPath: sync)[.modificationDate] as? Date
        let changes = try MirrorUpgrader(directory: dir, pin: Self.new).plan()
        #expect(changes.contains { $0.status == .updated })
        #expect(try read(sync) == before)
        #expect(try FileManager.default.attributesOfItem(atPath: sync)[.modificationDate] as? Date == stamp)
    }

    @Test func aFileWithoutMarkersRefusesTheWholeUpgrade() throws {
        let tmp = TemporaryDirectory()
        let dir = try olderMirror(tmp)
        let publish = dir + "/.github/workflows/publish-sdk.yml"
        let sync = dir + "/.github/workflows/sync-upstream.yml"
        // An older init wrote no markers.
        let unmarked = try read(publish).split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("# release-mirror:managed:") }.joined(separator: "\n")
        try unmarked.write(toFile: publish, atomically: true, encoding: .utf8)
        let syncBefore = try read(sync)
        #expect {
            _ = try MirrorUpgrader(directory: dir, pin: Self.new).plan()
        } throws: { error in
            let text = "\(error)"
            return text.contains(publish) && text.contains("no `# release-mirror:managed:begin`")
                && text.contains("nothing was changed") && text.contains("copy its .github/workflows/publish-sdk.yml")
        }
        #expect(try read(publish) == unmarked)
        #expect(try read(sync) == syncBefore)
        // Two begin markers: broken, refused too.
        try (unmarked + "\n# release-mirror:managed:begin\n# release-mirror:managed:begin\n# release-mirror:managed:end\n")
            .write(toFile: publish, atomically: true, encoding: .utf8)
        #expect(throws: MirrorError.self) { _ = try MirrorUpgrader(directory: dir, pin: Self.new).plan() }
    }

    @Test func aMissingWorkflowIsAdded() throws {
        let tmp = TemporaryDirectory()
        let dir = try olderMirror(tmp)
        let publish = dir + "/.github/workflows/publish-sdk.yml"
        try FileManager.default.removeItem(atPath: publish)
        let upgrader = MirrorUpgrader(directory: dir, pin: Self.new)
        let changes = try upgrader.plan()
        #expect(changes.map(\.status) == [.updated, .added])
        #expect(changes[1].diff.contains("+++ b/.github/workflows/publish-sdk.yml"))
        try upgrader.apply(changes)
        #expect(try read(publish) == Self.new.apply(to: WorkflowTemplates.all[1].contents))
    }

    @Test func managedBlockSplitsAtItsMarkers() {
        let text = "a\n# release-mirror:managed:begin x\nb\n# release-mirror:managed:end x\nc\n"
        guard case .success(let block) = ManagedBlock.split(text) else {
            Issue.record("no block found")
            return
        }
        #expect(block.before == "a\n")
        #expect(block.block == "# release-mirror:managed:begin x\nb\n# release-mirror:managed:end x\n")
        #expect(block.after == "c\n")
        #expect(ManagedBlock.split("a\nb\n") == .failure(.noMarkers))
        if case .success = ManagedBlock.split("# release-mirror:managed:end\n# release-mirror:managed:begin\n") {
            Issue.record("an end before the begin is accepted")
        }
    }
}
