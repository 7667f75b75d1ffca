import Foundation
import Testing
import TestSupport

/// Where the mirror lives and what the tool says when it cannot reach or use it: `mirror.repository`
/// naming a file or a non-empty directory that is not a repository, a 401 without a token, and
/// `status` when upstream is unreachable.
@Suite(.serialized) struct MirrorLocationTests {
    static let generator = ["--commits", "12", "--releases", "2", "--unrelated", "0"]

    /// Every entry under `path`, recursively, with its size (what "nothing was created" compares).
    static func listing(_ path: String) -> [String] {
        let walker = FileManager.default.enumerator(atPath: path)
        var entries: [String] = []
        while let relative = walker?.nextObject() as? String {
            let size = (try? FileManager.default.attributesOfItem(atPath: path + "/" + relative)[.size] as? Int) ?? -1
            entries.append("\(relative) \(size)")
        }
        return entries.sorted()
    }

    @Test func mirrorRepositoryNamingAFileIsExit2() throws {
        let scenario = try MirrorScenario("rm-loc-file", generator: Self.generator)
        try scenario.writeConfig(upstream: scenario.upstreamPath, remote: "")
        let file = scenario.work + "/mirror.git"
        try "not a repository\n".write(toFile: file, atomically: true, encoding: .utf8)
        for command in [["sync"], ["status", "--offline"], ["audit"]] {
            let result = try scenario.tool(command)
            #expect(result.status == 2, "\(command): \(result.output)")
            #expect(
                result.stderr.contains("mirror.repository") && result.stderr.contains("is a file"),
                "\(command): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "one clear line: \(result.stderr)")
        }
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "not a repository\n", "the file is untouched")
    }

    @Test func aNonEmptyDirectoryThatIsNotARepositoryIsRefusedAndLeftAlone() throws {
        let scenario = try MirrorScenario("rm-loc-dir", generator: Self.generator)
        try scenario.writeConfig(upstream: scenario.upstreamPath, remote: "")
        let directory = scenario.work + "/mirror.git"
        try FileManager.default.createDirectory(atPath: directory + "/photos", withIntermediateDirectories: true)
        try "keep me\n".write(toFile: directory + "/notes.txt", atomically: true, encoding: .utf8)
        try "jpeg\n".write(toFile: directory + "/photos/cat.jpg", atomically: true, encoding: .utf8)
        let before = Self.listing(directory)
        let result = try scenario.tool(["sync"])
        #expect(result.status == 2, "\(result.output)")
        #expect(
            result.stderr.contains("mirror.repository") && result.stderr.contains("not a git repository")
                && result.stderr.contains(directory),
            "\(result.stderr)")
        #expect(Self.listing(directory) == before, "nothing was created in it")

        // An empty directory is still where a new mirror may be created.
        let empty = scenario.work + "/empty.git"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        try scenario.writeConfig(upstream: scenario.upstreamPath, remote: "")
        let text = try String(contentsOfFile: scenario.configPath, encoding: .utf8)
            .replacingOccurrences(of: "repository = \"mirror.git\"", with: "repository = \"empty.git\"")
        try text.write(toFile: scenario.configPath, atomically: true, encoding: .utf8)
        let created = try scenario.tool(["sync"])
        #expect(created.status == 0, "\(created.output)")
        #expect(FileManager.default.fileExists(atPath: empty + "/HEAD"))
    }

    @Test func a401WithoutATokenNamesTheHostAndTheVariable() throws {
        let scenario = try MirrorScenario("rm-loc-401", generator: Self.generator)
        let server = try GitHTTPServer(
            root: scenario.served, token: "rmtok-" + UUID().uuidString, tls: true, protectedPaths: ["/git/origin.git"])
        try scenario.writeConfig(upstream: server.url("up.git"), remote: server.url("origin.git"))
        let ca = ["RELEASE_MIRROR_CA_FILE": try #require(server.certificate)]
        let result = try scenario.tool(["sync"], environment: ca, timeout: 60)
        #expect(result.status == 1, "\(result.output)")
        #expect(result.stderr.contains("127.0.0.1 requires authentication; set RELEASE_MIRROR_TOKEN"), "\(result.stderr)")
        #expect(result.elapsed < 10, "fails fast: \(result.elapsed) s")
    }

    @Test func statusSaysWhyUpstreamIsUnreachable() throws {
        let scenario = try MirrorScenario("rm-loc-status", generator: Self.generator)
        try scenario.writeConfig(upstream: scenario.upstreamPath, remote: "")
        #expect(try scenario.tool(["sync"]).status == 0)
        let port = freeLoopbackPort()
        try scenario.writeConfig(upstream: "http://127.0.0.1:\(port)/git/up.git", remote: "")
        let status = try scenario.tool(["status"], timeout: 60)
        #expect(status.status == 0, "\(status.output)")
        let line = status.stdout.split(separator: "\n").first { $0.hasPrefix("upstream main:") }.map(String.init) ?? ""
        #expect(line.hasPrefix("upstream main: unreachable: "), "\(status.stdout)")
        #expect(line.contains("127.0.0.1") && line.lowercased().contains("connect"), "says what failed: \(line)")
        let json = try scenario.tool(["status", "--json"], timeout: 60)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect((object?["upstream_error"] as? String)?.contains("127.0.0.1") == true, "\(json.stdout)")
    }
}
