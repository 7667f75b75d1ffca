import Foundation
import Testing
import TestSupport

/// A TCP proxy between the tool and a real smart-HTTP server cuts the connection mid-pack, stalls,
/// or trickles. Every run must fail within its `--network-timeout` with a clear message, write no
/// ref, leave no lock, and the next run must complete.
@Suite(.serialized) struct NetworkFaultTests {
    /// About 0.9 MiB of pack: big enough to be cut in the middle.
    static let generator = ["--commits", "1500", "--releases", "30", "--files", "150", "--unrelated", "2"]
    static let timeout = 3.0

    /// A served upstream and origin behind lighttpd, with a fault proxy in front of upstream.
    final class Rig {
        let scenario: MirrorScenario
        let server: GitHTTPServer
        let token = "rmtok-" + UUID().uuidString.lowercased()
        var env: [String: String] { ["RELEASE_MIRROR_TOKEN": token] }

        init(tls: Bool = false) throws {
            scenario = try MirrorScenario("rm-net", generator: NetworkFaultTests.generator)
            // Tokens go only over https and only to mirror.remote: over http the origin takes
            // anonymous pushes, over https it asks for the token.
            server = try GitHTTPServer(
                root: scenario.served, token: token, tls: tls, protectedPaths: tls ? ["/git/origin.git"] : [])
            if !tls { try Shell.git("config", "http.receivepack", "true", in: scenario.originPath) }
            if let certificate = server.certificate { caFile = certificate } else { caFile = nil }
        }

        let caFile: String?

        /// Points upstream (or origin) at `proxy`, the other one straight at the server.
        func configure(upstreamProxy: FaultProxy? = nil, originProxy: FaultProxy? = nil) throws {
            try scenario.writeConfig(
                upstream: server.url("up.git", port: upstreamProxy?.port), remote: server.url("origin.git", port: originProxy?.port))
        }

        func sync(_ extra: [String] = [], label: String? = nil) throws -> TimedResult {
            var environment = env
            if let caFile { environment["RELEASE_MIRROR_CA_FILE"] = caFile }
            let result = try scenario.tool(
                ["sync", "--network-timeout", "\(NetworkFaultTests.timeout)"] + extra, environment: environment, timeout: 90)
            if let label {
                let error = result.stderr.split(separator: "\n").first { $0.hasPrefix("error: ") } ?? "(no error line)"
                print("network fault \(label): exit \(result.status) after \(String(format: "%.2f", result.elapsed)) s: \(error)")
            }
            return result
        }

        /// After a failed run: no ref written in the mirror (the private namespace included), the
        /// origin untouched, no lock file anywhere, the run lock free.
        func expectNothingWritten(originBefore: [String: String], _ location: SourceLocation = #_sourceLocation) throws {
            let mirrorRefs = FileManager.default.fileExists(atPath: scenario.mirrorPath) ? try Repo.refs(scenario.mirrorPath) : [:]
            #expect(mirrorRefs.isEmpty, "no ref written: \(mirrorRefs.keys.sorted())", sourceLocation: location)
            #expect(try Repo.refs(scenario.originPath) == originBefore, sourceLocation: location)
            if FileManager.default.fileExists(atPath: scenario.mirrorPath) {
                #expect(Repo.lockFiles(scenario.mirrorPath).isEmpty, sourceLocation: location)
                #expect(try Repo.lockIsFree(scenario.mirrorPath), sourceLocation: location)
            }
        }

        /// The next run, without the fault, completes and the result equals upstream.
        func expectNextRunCompletes(_ location: SourceLocation = #_sourceLocation) throws {
            try configure()
            let result = try sync()
            #expect(result.status == 0, "\(result.output)", sourceLocation: location)
            let origin = try Repo.refs(scenario.originPath)
            for (tag, id) in try scenario.upstreamReleaseTags() {
                #expect(origin[tag] == id, "\(tag)", sourceLocation: location)
            }
            #expect(Repo.integrityProblems(scenario.mirrorPath).isEmpty, sourceLocation: location)
        }
    }

    func proxy(_ rig: Rig, _ mode: FaultProxy.Mode, after: Int, match: String) throws -> FaultProxy {
        try FaultProxy(target: rig.server.port, mode: mode, after: after, match: match, log: rig.scenario.tmp.url("proxy-\(mode).log"))
    }

    @Test func aConnectionCutMidPackFailsAtOnceAndWritesNothing() throws {
        let rig = try Rig()
        let cut = try proxy(rig, .cut, after: 200_000, match: "POST /git/up.git/git-upload-pack")
        try rig.configure(upstreamProxy: cut)
        let result = try rig.sync(label: "cut mid-pack")
        #expect(result.status == 1, "\(result.output)")
        #expect(result.elapsed < Self.timeout, "no waiting for a dead connection: \(result.elapsed) s")
        #expect(!cut.faults.isEmpty, "the proxy cut the pack")
        #expect(result.stderr.contains("error: fetch upstream (upstream.url = \(rig.server.url("up.git", port: cut.port)))"), "\(result.stderr)")
        try rig.expectNothingWritten(originBefore: [:])
        try rig.expectNextRunCompletes()
    }

    @Test func aStalledServerIsCutAfterTheTimeout() throws {
        let rig = try Rig()
        let stall = try proxy(rig, .stall, after: 100_000, match: "POST /git/up.git/git-upload-pack")
        try rig.configure(upstreamProxy: stall)
        let result = try rig.sync(label: "stall mid-pack")
        #expect(result.status == 1, "\(result.output)")
        #expect(!result.timedOut)
        #expect(result.elapsed >= Self.timeout && result.elapsed < 2 * Self.timeout + 5, "\(result.elapsed) s")
        #expect(result.stderr.contains("network timeout: reading from 127.0.0.1:\(stall.port) stalled"), "\(result.stderr)")
        #expect(result.stderr.contains("fetch upstream"), "\(result.stderr)")
        try rig.expectNothingWritten(originBefore: [:])
        try rig.expectNextRunCompletes()
    }

    @Test func aTricklingServerIsCutWithinTwiceTheTimeout() throws {
        let rig = try Rig()
        let trickle = try proxy(rig, .trickle, after: 100_000, match: "POST /git/up.git/git-upload-pack")
        try rig.configure(upstreamProxy: trickle)
        let result = try rig.sync(label: "trickle mid-pack")
        #expect(result.status == 1, "\(result.output)")
        #expect(result.elapsed >= Self.timeout && result.elapsed < 2 * Self.timeout + 5, "\(result.elapsed) s")
        #expect(result.stderr.contains("network timeout: reading from 127.0.0.1:\(trickle.port) too slow"), "\(result.stderr)")
        try rig.expectNothingWritten(originBefore: [:])
        try rig.expectNextRunCompletes()
    }

    @Test func aServerThatNeverAnswersTheRefListIsCut() throws {
        let rig = try Rig()
        let stall = try proxy(rig, .stall, after: 0, match: "GET /git/up.git/info/refs")
        try rig.configure(upstreamProxy: stall)
        let result = try rig.sync(label: "stall on ref list")
        #expect(result.status == 1, "\(result.output)")
        #expect(result.elapsed < 2 * Self.timeout + 5, "\(result.elapsed) s")
        #expect(result.stderr.contains("list upstream refs") && result.stderr.contains("network timeout"), "\(result.stderr)")
        try rig.expectNothingWritten(originBefore: [:])
        try rig.expectNextRunCompletes()
    }

    @Test func aPushWhoseAnswerStallsFailsAndTheNextRunFinishes() throws {
        let rig = try Rig()
        let stall = try proxy(rig, .stall, after: 0, match: "POST /git/origin.git/git-receive-pack")
        try rig.configure(originProxy: stall)
        let result = try rig.sync(label: "stall on push answer")
        #expect(result.status == 1, "\(result.output)")
        #expect(result.elapsed < 2 * Self.timeout + 10, "\(result.elapsed) s")
        #expect(result.stderr.contains("push to the mirror's remote") && result.stderr.contains("network timeout"), "\(result.stderr)")
        #expect(Repo.lockFiles(rig.scenario.mirrorPath).isEmpty)
        try rig.expectNextRunCompletes()
    }

    @Test func overTLSTheTimeoutStillSaysWhatHappened() throws {
        let rig = try Rig(tls: true)
        // TLS hides the requests from the proxy: stall every connection after 20 kB of answer,
        // which is past the handshake and the ref list, inside the pack.
        let stall = try proxy(rig, .stall, after: 20_000, match: "")
        try rig.configure(upstreamProxy: stall)
        let result = try rig.sync(label: "TLS stall")
        #expect(result.status == 1, "\(result.output)")
        #expect(result.elapsed < 2 * Self.timeout + 5, "\(result.elapsed) s")
        #expect(result.stderr.contains("network timeout: reading from 127.0.0.1:\(stall.port) stalled"), "not a bare SSL error: \(result.stderr)")
        try rig.expectNothingWritten(originBefore: [:])
        try rig.expectNextRunCompletes()
    }

    @Test func networkTimeoutIsValidated() throws {
        let tmp = TemporaryDirectory("rm-net-flag")
        for bad in ["-1", "nan", "100000"] {
            let result = try Tool.run(["sync", "--network-timeout", bad], in: tmp.path)
            #expect(result.status == 2, "\(bad): \(result.output)")
            #expect(result.stderr.contains("network-timeout"), "\(result.stderr)")
        }
        let help = try Tool.run(["sync", "--help"], in: tmp.path)
        #expect(help.stdout.contains("--network-timeout"))
    }
}
