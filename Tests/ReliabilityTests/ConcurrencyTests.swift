import Foundation
import Testing
import TestSupport

/// Eight `release-mirror sync` processes started at once on one mirror: exactly one does the work,
/// the others stop with exit 6 naming its pid (or, with `--lock-timeout`, wait and find nothing
/// to do); the final state equals upstream's.
@Suite struct ConcurrencyTests {
    static let runs = 8
    /// A first sync of this takes about a second over git://, long enough for a real race.
    static let generator = ["--commits", "3000", "--releases", "40", "--files", "200", "--unrelated", "2"]

    /// A served upstream and origin (git daemon) and a mirror directory configured to sync them.
    final class Rig {
        let scenario: MirrorScenario
        let daemon: GitDaemon

        init() throws {
            scenario = try MirrorScenario("rm-race", generator: ConcurrencyTests.generator)
            daemon = try GitDaemon(base: scenario.served)
            try scenario.writeConfig(upstream: daemon.url("up.git"), remote: daemon.url("origin.git"))
        }

        /// Starts `count` syncs as close together as processes can be started, then waits for all.
        func race(_ arguments: [String], count: Int = ConcurrencyTests.runs) throws -> [(pid: Int32, result: TimedResult)] {
            let group = DispatchGroup()
            let results = Results()
            let start = DispatchSemaphore(value: 0)
            let work = scenario.work
            for index in 0..<count {
                group.enter()
                Thread.detachNewThread {
                    start.wait()
                    let result = (try? Tool.execute(
                        [Tool.binary, "sync"] + arguments, in: work, environment: Tool.environment(), timeout: 300))
                    results.add(index, result)
                    group.leave()
                }
            }
            for _ in 0..<count { start.signal() }
            group.wait()
            return try results.all(count)
        }

        /// The expected final state: every upstream release tag with upstream's object id, the
        /// branch at upstream's tip, on the mirror and on origin alike; sound repositories.
        func expectFinalStateCorrect(_ location: SourceLocation = #_sourceLocation) throws {
            let tags = try scenario.upstreamReleaseTags()
            let tip = try Repo.refs(scenario.upstreamPath)["refs/heads/main"]
            for repository in [scenario.mirrorPath, scenario.originPath] {
                let refs = try Repo.refs(repository)
                for (tag, id) in tags { #expect(refs[tag] == id, "\(repository): \(tag)", sourceLocation: location) }
                #expect(refs.keys.filter { $0.hasPrefix("refs/tags/@moonshot-ai/kimi-code@") }.count == tags.count, sourceLocation: location)
                #expect(refs["refs/heads/upstream-main"] == tip, sourceLocation: location)
                #expect(Repo.integrityProblems(repository).isEmpty, "\(Repo.integrityProblems(repository))", sourceLocation: location)
            }
            #expect(try Repo.lockIsFree(scenario.mirrorPath), sourceLocation: location)
        }
    }

    /// Collects results from the racing threads.
    final class Results: Sendable {
        private let values = Mutex<[Int: TimedResult]>([:])
        func add(_ index: Int, _ result: TimedResult?) { values.withLock { $0[index] = result } }
        func all(_ count: Int) throws -> [(pid: Int32, result: TimedResult)] {
            let map = values.withLock { $0 }
            return try (0..<count).map { index in
                guard let result = map[index] else { throw FixtureError("run \(index) did not start") }
                return (0, result)
            }
        }
    }

    static func didWork(_ result: TimedResult) -> Bool { result.status == 0 && result.stdout.hasPrefix("sync:") }
    static func foundNothing(_ result: TimedResult) -> Bool { result.status == 0 && result.stdout.hasPrefix("up to date") }
    static func lockedOut(_ result: TimedResult) -> Bool {
        result.status == 6 && result.stderr.contains("is running release-mirror on this mirror")
            && result.stderr.contains("--lock-timeout")
    }

    static func tally(_ runs: [(pid: Int32, result: TimedResult)], _ label: String) -> (work: Int, nothing: Int, locked: Int) {
        let work = runs.filter { didWork($0.result) }.count
        let nothing = runs.filter { foundNothing($0.result) }.count
        let locked = runs.filter { lockedOut($0.result) }.count
        print("concurrency \(label): \(runs.count) runs: \(work) did the work, \(locked) exited 6, \(nothing) found nothing to do")
        return (work, nothing, locked)
    }

    @Test func eightSyncsOnAMirrorThatDoesNotExistYet() throws {
        let rig = try Rig()
        let runs = try rig.race([])
        let (work, nothing, locked) = Self.tally(runs, "first sync, no wait")
        #expect(work == 1, "exactly one run does the work: \(runs.map { "\($0.result.status): \($0.result.output.prefix(300))" })")
        #expect(work + nothing + locked == Self.runs, "every other run exits 6 or finds nothing: \(runs.map { $0.result.output.prefix(400) })")
        #expect(locked >= 1, "the runs really overlapped")
        for run in runs where Self.lockedOut(run.result) {
            #expect(run.result.stderr.range(of: #"process \d+ is running"#, options: .regularExpression) != nil, "names the holder's pid")
        }
        try rig.expectFinalStateCorrect()
    }

    @Test func eightSyncsWithALockTimeoutWaitAndFindNothingToDo() throws {
        let rig = try Rig()
        let runs = try rig.race(["--lock-timeout", "240"])
        let (work, nothing, locked) = Self.tally(runs, "first sync, --lock-timeout")
        #expect(work == 1, "\(runs.map { "\($0.result.status): \($0.result.output.prefix(300))" })")
        #expect(nothing == Self.runs - 1 && locked == 0, "\(runs.map { $0.result.output.prefix(300) })")
        try rig.expectFinalStateCorrect()

        // An incremental round: upstream moves on, eight runs race again.
        let upstream = rig.scenario.upstreamPath
        let work2 = rig.scenario.tmp.url("upstream-work")
        try Shell.git("clone", "-q", upstream, work2, in: rig.scenario.tmp.path)
        try "more\n".write(toFile: work2 + "/CHANGELOG.md", atomically: true, encoding: .utf8)
        try Shell.git("add", "-A", in: work2)
        try Shell.git("commit", "-q", "-m", "next", in: work2)
        try Shell.git("tag", "-a", "-m", "release", "@moonshot-ai/kimi-code@9.0.0", in: work2)
        try Shell.git("push", "-q", "origin", "HEAD:main", "@moonshot-ai/kimi-code@9.0.0", in: work2)
        let again = try rig.race(["--lock-timeout", "240"])
        let (work3, nothing3, _) = Self.tally(again, "incremental, --lock-timeout")
        #expect(work3 == 1 && nothing3 == Self.runs - 1, "\(again.map { $0.result.output.prefix(300) })")
        try rig.expectFinalStateCorrect()
    }

    @Test func eightIncrementalSyncsWithoutWaiting() throws {
        let rig = try Rig()
        let first = try rig.scenario.tool(["sync"])
        #expect(first.status == 0, "\(first.output)")
        // upstream moves on by one release
        let work = rig.scenario.tmp.url("upstream-work")
        try Shell.git("clone", "-q", rig.scenario.upstreamPath, work, in: rig.scenario.tmp.path)
        for index in 0..<3 {
            try "change \(index)\n".write(toFile: work + "/CHANGELOG.md", atomically: true, encoding: .utf8)
            try Shell.git("add", "-A", in: work)
            try Shell.git("commit", "-q", "-m", "change \(index)", in: work)
        }
        try Shell.git("tag", "@moonshot-ai/kimi-code@9.1.0", in: work)
        try Shell.git("push", "-q", "origin", "HEAD:main", "@moonshot-ai/kimi-code@9.1.0", in: work)
        let runs = try rig.race([])
        let (done, nothing, locked) = Self.tally(runs, "incremental, no wait")
        #expect(done == 1 && done + nothing + locked == Self.runs, "\(runs.map { $0.result.output.prefix(300) })")
        try rig.expectFinalStateCorrect()
    }
}

import Synchronization

/// `publish-tag` racing `sync` on one mirror: they serialise on the run lock (exit 6 without
/// `--lock-timeout`, both succeed with it); the publish tag lands on its release's commit, the
/// sync's new release is mirrored, and both reach origin.
@Suite struct PublishRaceTests {
    @Test func publishTagRacingSync() throws {
        let rig = try ConcurrencyTests.Rig()
        let scenario = rig.scenario
        let first = try scenario.tool(["sync"])
        #expect(first.status == 0, "\(first.output)")
        let ledger = try scenario.tool(["ledger", "update"])
        #expect(ledger.status == 0, "\(ledger.output)")
        let work = scenario.tmp.url("upstream-work")
        try Shell.git("clone", "-q", scenario.upstreamPath, work, in: scenario.tmp.path)
        var outcomes: [String] = []
        // three releases with three different SDK versions (a version is published once)
        var seen: Set<String> = []
        let releases = scenario.upstream.releases.reversed().filter { seen.insert($0.sdk).inserted }.prefix(3)
        for (round, release) in releases.enumerated() {
            // upstream moves on, so the sync has real work while publish-tag runs
            try "round \(round)\n".write(toFile: work + "/CHANGELOG.md", atomically: true, encoding: .utf8)
            try Shell.git("add", "-A", in: work)
            try Shell.git("commit", "-q", "-m", "round \(round)", in: work)
            let newTag = "@moonshot-ai/kimi-code@9.\(round).0"
            try Shell.git("tag", "-a", "-m", "r", newTag, in: work)
            try Shell.git("push", "-q", "origin", "HEAD:main", newTag, in: work)
            let wait = round == 0 ? [] : ["--lock-timeout", "240"]
            let results = Racer.race([
                [Tool.binary, "sync"] + wait,
                [Tool.binary, "publish-tag", release.sdk, "--from", release.tag, "--allow-unverified"] + wait,
            ], in: scenario.work)
            let (sync, publish) = (results[0], results[1])
            outcomes.append("round \(round): sync \(sync.status), publish-tag \(publish.status)")
            if wait.isEmpty {
                #expect([0, 6].contains(sync.status) && [0, 6].contains(publish.status), "\(sync.output)\n\(publish.output)")
                #expect(sync.status == 0 || publish.status == 0, "one of them works")
                for loser in [sync, publish] where loser.status == 6 {
                    #expect(loser.stderr.contains("is running release-mirror on this mirror"), "\(loser.stderr)")
                }
                // finish whatever lost the race
                if sync.status == 6 { #expect(try scenario.tool(["sync"]).status == 0) }
                if publish.status == 6 {
                    let again = try scenario.tool(["publish-tag", release.sdk, "--from", release.tag, "--allow-unverified"])
                    #expect(again.status == 0, "\(again.output)")
                }
            } else {
                #expect(sync.status == 0, "\(sync.output)")
                #expect(publish.status == 0, "\(publish.output)")
            }
            let publishRef = "refs/tags/publish-sdk/v\(release.sdk)"
            for repository in [scenario.mirrorPath, scenario.originPath] {
                let refs = try Repo.refs(repository)
                let peeled = try Shell.git("rev-parse", publishRef + "^{commit}", in: repository)
                #expect(peeled == (try Shell.git("rev-parse", "refs/tags/\(release.tag)^{commit}", in: scenario.upstreamPath)),
                        "\(repository): the publish tag is on its release's commit")
                #expect(refs["refs/tags/\(newTag)"] == (try Repo.refs(scenario.upstreamPath))["refs/tags/\(newTag)"], "\(repository): \(newTag)")
                #expect(Repo.integrityProblems(repository).isEmpty)
            }
        }
        print("publish-tag racing sync: " + outcomes.joined(separator: "; "))
        try rig.expectFinalStateCorrect()
    }
}

/// Starts processes as close together as possible and collects their results in order.
enum Racer {
    static func race(_ commands: [[String]], in directory: String) -> [TimedResult] {
        let group = DispatchGroup()
        let start = DispatchSemaphore(value: 0)
        let results = ConcurrencyTests.Results()
        for (index, argv) in commands.enumerated() {
            group.enter()
            Thread.detachNewThread {
                start.wait()
                results.add(index, try? Tool.execute(argv, in: directory, environment: Tool.environment(), timeout: 300))
                group.leave()
            }
        }
        for _ in commands { start.signal() }
        group.wait()
        return ((try? results.all(commands.count)) ?? []).map(\.result)
    }
}
