import Foundation
import Git
@testable import ReleaseMirror
import Testing
import TestSupport

/// The smoke runner on a real repository with real processes: results, notes, logs, the
/// environment, the time limit and process-group cleanup.
@Suite struct SmokeRunnerTests {
    @Test func passingSmokeStreamsOutputKeepsTheLogAndRecordsANote() async throws {
        let f = try SmokeFixture()
        let script = """
            echo "hello from $RELEASE_MIRROR_VERSION"
            printf '%s' "$RELEASE_MIRROR_WORKDIR" > "$SMOKE_OUT/workdir.txt"
            echo run >> "$SMOKE_OUT/count.txt"
            test ! -e .git && test -f packages/node-sdk/package.json && test "$RELEASE_MIRROR_COMMIT" = "\(f.release)"
            """
        let workspace = try f.workspace(f.configuration(["sh", "-c", script]))
        let outcomes = try await SmokeRunner().smoke([f.target()], in: workspace)

        #expect(outcomes.count == 1)
        let outcome = try #require(outcomes.first)
        #expect(outcome.status == .passed, "\(outcome.logTail)")
        #expect(outcome.ref == "refs/tags/" + SmokeFixture.tag)
        #expect(f.events.hookLines.contains("hello from 1.2.3"), "output is streamed as hook events")
        #expect(f.events.groups.begins == 1 && f.events.groups.ends == 1, "inside one collapsible group")

        // The full log is kept, the checkout is gone.
        let logPath = try #require(outcome.logPath)
        let log = try String(contentsOfFile: logPath, encoding: .utf8)
        #expect(log.contains("hello from 1.2.3"))
        #expect(log.contains("exited with status 0"))
        let workdir = try #require(f.read("workdir.txt"))
        #expect(workdir.contains("release-mirror-smoke-"))
        #expect(!FileManager.default.fileExists(atPath: workdir), "the temporary checkout is removed")

        // The note on the commit.
        let noteText = try Shell.git("notes", "--ref", "release-mirror", "show", f.release, in: f.repository)
        let note = try #require(SmokeNote.decode(noteText))
        #expect(note.status == .passed)
        #expect(note.command == ["sh", "-c", script])
        #expect(note.toolVersion == RunEnvironment.toolVersion)
        #expect(note.ref == "refs/tags/" + SmokeFixture.tag)
        #expect(note.logTail.contains("hello from 1.2.3"))
        #expect(ISO8601DateFormatter().date(from: note.started) != nil)
        let author = try Shell.git("log", "-1", "--format=%an", "refs/notes/release-mirror", in: f.repository)
        #expect(author == "release-mirror")

        // A release whose note says passed is not smoked again.
        let again = try await SmokeRunner().smoke([f.target()], in: workspace)
        #expect(again.isEmpty)
        #expect(f.read("count.txt") == "run\n", "the hook ran once")
        #expect(f.events.infos.contains { $0.contains("already passed") })
    }

    @Test func failingSmokeIsAFailedOutcomeWithStderrInTheLogAndNote() async throws {
        let f = try SmokeFixture()
        let workspace = try f.workspace(f.configuration(["sh", "-c", "echo building; echo 'boom: it broke' >&2; exit 3"]))
        let outcomes = try await SmokeRunner().smoke([f.target()], in: workspace)
        let outcome = try #require(outcomes.first)
        #expect(outcome.status == .failed)
        #expect(outcome.logTail.contains("boom: it broke"), "stderr is merged into the log")
        #expect(outcome.logTail.contains("exited with status 3"))
        let note = try #require(SmokeRunner.note(for: ObjectID(hex: f.release)!, in: workspace.repository))
        #expect(note.status == .failed)
        #expect(f.events.errors.contains { $0.contains("smoke failed") })

        // A failed release is smoked again by the next run (only `passed` is final).
        let again = try await SmokeRunner().smoke([f.target()], in: workspace)
        #expect(again.count == 1)
    }

    // The hook below never ends by itself: returning at all proves the kill, and the time limit
    // turns a kill that never comes into a failure rather than a hang.
    @Test(.timeLimit(.minutes(8)))
    func hangingSmokeWithAGrandchildIgnoringSIGTERMIsKilledWithItsWholeGroup() async throws {
        let f = try SmokeFixture()
        let script = """
            trap '' TERM
            sh -c 'trap "" TERM; echo $$ > "$SMOKE_OUT/grandchild.pid"; while :; do sleep 1; done' &
            echo $$ > "$SMOKE_OUT/child.pid"
            echo waiting
            while :; do sleep 1; done
            """
        let workspace = try f.workspace(f.configuration(["sh", "-c", script], timeout: 1))
        let started = Date()
        let outcomes = try await SmokeRunner(terminationGrace: .milliseconds(500)).smoke([f.target()], in: workspace)
        let elapsed = Date().timeIntervalSince(started)
        let outcome = try #require(outcomes.first)

        #expect(outcome.status == .timedOut)
        // Not before the limit. No upper bound here: the kill runs on a Dispatch timer, but this
        // test resumes on the Swift concurrency pool, which tests blocking in process waits can
        // hold for minutes on a 2-core runner; the log line below names the limit that tripped.
        #expect(elapsed >= 1, "killed before the limit (\(elapsed) s)")
        #expect(outcome.logTail.contains("timed out after 1 s"))
        #expect(f.events.hookLines.contains("waiting"))
        let child = try #require(f.read("child.pid").flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
        let grandchild = try #require(f.read("grandchild.pid").flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
        #expect(SmokeFixture.eventually { !SmokeFixture.isAlive(child) }, "the hook is dead")
        #expect(SmokeFixture.eventually { !SmokeFixture.isAlive(grandchild) }, "the grandchild ignoring SIGTERM is dead")
        #expect(SmokeFixture.eventually { SmokeFixture.members(ofGroup: child).isEmpty }, "no process of the group is left")
        let note = try #require(SmokeRunner.note(for: ObjectID(hex: f.release)!, in: workspace.repository))
        #expect(note.status == .timedOut)
    }

    @Test func aBackgroundJobLeftBehindByAPassingHookIsKilledAndDoesNotHoldTheRun() async throws {
        let f = try SmokeFixture()
        // The background job keeps the output pipe open and ignores SIGTERM.
        let script = "(trap '' TERM; exec sleep 300) & echo $! > \"$SMOKE_OUT/bg.pid\"; echo done"
        let workspace = try f.workspace(f.configuration(["sh", "-c", script], timeout: 240))
        let started = Date()
        let outcome = try #require(try await SmokeRunner().smoke([f.target()], in: workspace).first)
        #expect(outcome.status == .passed, "the run ended when the hook exited, not at the time limit (then: timed-out)")
        #expect(Date().timeIntervalSince(started) < 240)
        let bg = try #require(f.read("bg.pid").flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
        #expect(SmokeFixture.eventually { !SmokeFixture.isAlive(bg) }, "the leftover background job is killed")
    }

    @Test func theHookSeesOnlyTheAllowlistAndTheRefVariablesNeverAToken() async throws {
        let f = try SmokeFixture()
        let allow = ["PATH", "HOME", "SMOKE_OUT", "GITHUB_TOKEN", "NPM_TOKEN", "RELEASE_MIRROR_TOKEN", "NOT_SET_ANYWHERE"]
        let variables = f.variables([
            "RELEASE_MIRROR_TOKEN": "rmt_FAKE_push_token_0001", "NPM_TOKEN": SmokeFixture.token,
            "RELEASE_MIRROR_REF": "spoofed",
        ])
        let workspace = try f.workspace(f.configuration(["env"], env: allow), variables: variables)
        let outcome = try #require(try await SmokeRunner().smoke([f.target()], in: workspace).first)
        #expect(outcome.status == .passed)

        let lines = f.events.hookLines
        var seen: [String: String] = [:]
        for line in lines {
            guard let eq = line.firstIndex(of: "=") else { continue }
            seen[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        #expect(
            Set(seen.keys) == [
                "PATH", "HOME", "SMOKE_OUT", "RELEASE_MIRROR_REF", "RELEASE_MIRROR_COMMIT", "RELEASE_MIRROR_VERSION",
                "RELEASE_MIRROR_WORKDIR",
            ], "\(seen.keys.sorted())")
        #expect(seen["RELEASE_MIRROR_REF"] == "refs/tags/" + SmokeFixture.tag, "ours, not the spoofed value")
        #expect(seen["RELEASE_MIRROR_COMMIT"] == f.release)
        #expect(seen["RELEASE_MIRROR_VERSION"] == "1.2.3")
        #expect(seen["RELEASE_MIRROR_WORKDIR"]?.contains("release-mirror-smoke-") == true)
        let log = try String(contentsOfFile: try #require(outcome.logPath), encoding: .utf8)
        for secret in [SmokeFixture.token, "rmt_FAKE_push_token_0001", "do-not-pass-me"] {
            #expect(!log.contains(secret))
            #expect(!lines.joined().contains(secret))
        }
        #expect(!log.contains("***"), "nothing needed redacting: no secret reached the hook")
        let warning = try #require(f.events.warnings.first { $0.contains("withheld") })
        #expect(warning.contains("GITHUB_TOKEN") && warning.contains("NPM_TOKEN") && warning.contains("RELEASE_MIRROR_TOKEN"))
    }

    @Test func aTagNameWithShellMetacharactersReachesTheHookOnlyAsAValue() async throws {
        let f = try SmokeFixture()
        let name = "v1;$(touch${IFS}\(f.out)/pwned1)`touch${IFS}\(f.out)/pwned2`|&<>'\"x"
        try Shell.git("tag", name, f.release, in: f.repository)
        let script = #"printf '%s' "$RELEASE_MIRROR_REF" > "$SMOKE_OUT/ref.txt"; echo "ref: $RELEASE_MIRROR_REF""#
        let workspace = try f.workspace(f.configuration(["sh", "-c", script]))
        let target = try RefSmoke.resolve(name, in: workspace)
        #expect(target.ref == "refs/tags/" + name)
        #expect(target.commit.hex == f.release)
        #expect(target.version == nil, "not a release tag")
        let outcome = await SmokeRunner(record: false).run(target, in: workspace)
        #expect(outcome.status == .passed, "\(outcome.logTail)")
        #expect(f.read("ref.txt") == "refs/tags/" + name, "the hook got the name verbatim")
        #expect(!FileManager.default.fileExists(atPath: f.outFile("pwned1")), "$(…) was never executed")
        #expect(!FileManager.default.fileExists(atPath: f.outFile("pwned2")), "`…` was never executed")
    }

    @Test func aMissingProgramIsAnErrorOutcomeTriagedAsEnvironment() async throws {
        let f = try SmokeFixture()
        let workspace = try f.workspace(f.configuration(["pnpm-that-is-not-installed-xyz", "build"]))
        let outcome = try #require(try await SmokeRunner().smoke([f.target()], in: workspace).first)
        #expect(outcome.status == .error)
        #expect(outcome.logTail.contains("command not found: pnpm-that-is-not-installed-xyz"), "\(outcome.logTail)")
        let report = ReportBuilder(workspace: workspace).smokeFailed(outcome, manifestPresent: true)
        #expect(report.triage.hint == .environment)
        #expect(report.triage.reason.contains("toolchain"))
    }

    @Test func aMissingCommitCheckoutIsAnErrorOutcome() async throws {
        let f = try SmokeFixture()
        let workspace = try f.workspace(f.configuration(["true"]))
        let outcome = await SmokeRunner(record: false).run(
            SmokeTarget(ref: "refs/tags/ghost", commit: ObjectID(hex: String(repeating: "ab", count: 20))!, version: nil),
            in: workspace)
        #expect(outcome.status == .error)
        #expect(outcome.logTail.contains("check out"), "\(outcome.logTail)")
    }
}
