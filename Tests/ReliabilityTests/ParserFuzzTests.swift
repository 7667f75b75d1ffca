import Foundation
import ReleaseMirror
import Testing
import TestSupport

/// A seeded random-mutation fuzzer for the parsers that read untrusted bytes: the config loader
/// (TOML → typed values), the ledger document and row parser, the manifest parser, SemVer and
/// name patterns. Seeds: the bad-input corpus plus valid samples. A crash (trap, out-of-range
/// index, force unwrap, a C++ assertion in the TOML library) kills the test process, which fails
/// the run (it found toml++ aborting on `[` at the end of a line: see TOMLPrecheck); an input slower than a
/// second fails the test. `make test` runs 10,000 inputs; `make stress` one million
/// (`RELIABILITY_FUZZ_ITERATIONS`). `RELIABILITY_FUZZ_SEED` replays a run;
/// `RELIABILITY_FUZZ_SAVE=FILE` writes each input to FILE before parsing it (to catch the one
/// that crashes).
@Suite struct ParserFuzzTests {
    /// SplitMix64: small, fast, reproducible.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }
    }

    static let dictionary: [String] = [
        "[upstream]", "[mirror]", "[smoke]", "[publish]", "[report]", "url", "branch", "release-tags", "{version}", "{n}",
        "=", "\"", "'''", "\"\"\"", "[[", "]]", "{", "}", ",", "#", "\\u0000", "\\", "\n", "\r\n", "\t", "true", "1e400",
        "-9223372036854775809", "9223372036854775807", "1979-05-27T07:32:00Z", "inf", "nan",
        "<!-- release-mirror:mapping:begin -->", "<!-- release-mirror:mapping:end -->", "|---|---|---|---|---|", "|", "`",
        "\\|", "```", "—", "0123456789abcdef0123456789abcdef01234567", "0.9.3", "1.0.0-rc.1+build.5", "@{", "..",
        "\"version\":", "\"name\":", "[]", "{}", "null", "\u{FEFF}", "\u{202E}", "\u{0}", "\u{7F}", "😀",
    ]

    static func seeds() throws -> [[UInt8]] {
        var seeds: [[UInt8]] = []
        let root = Upstream.packageRoot + "/Tests/Fixtures/bad-input"
        for kind in ["config", "ledger", "manifest"] {
            for name in try FileManager.default.contentsOfDirectory(atPath: root + "/" + kind).sorted() {
                seeds.append(Array(try Data(contentsOf: URL(fileURLWithPath: "\(root)/\(kind)/\(name)"))))
            }
        }
        seeds.append(Array("""
            [upstream]
            url = "https://github.com/MoonshotAI/kimi-code.git"
            branch = "main"
            release-tags = "@moonshot-ai/kimi-code@{version}"
            [mirror]
            repository = "."
            remote = "origin"
            release-branch = "release/v{version}"
            [smoke]
            command = ["sh", "-c", "make"]
            timeout-seconds = 1800
            env = ["PATH", "HOME"]
            on = "new-releases"
            [publish]
            manifest = "packages/node-sdk/package.json"
            allow-suffix = "-botiverse.{n}"
            version-from = "manifest"
            [report]
            github-repository = "botiverse/kimi-code-sdk"
            labels = ["sync"]

            """.utf8))
        seeds.append(Array("""
            # Releases
            <!-- release-mirror:mapping:begin -->
            | Upstream tag | Commit | SDK version | Publish tag | Smoke |
            |---|---|---|---|---|
            | `@moonshot-ai/kimi-code@0.14.3` | `a1b2c3d4e5f6` | 0.9.3 | — | passed |
            | `@moonshot-ai/kimi-code@0.14.2` | `0f9e8d7c6b5a` | 0.9.3 | `publish-sdk/v0.9.3`, `publish-sdk/v0.9.3-botiverse.1` | passed |
            <!-- release-mirror:mapping:end -->

            """.utf8))
        seeds.append(Array(#"{"name": "@moonshot-ai/kimi-code-sdk", "version": "0.9.3", "deps": {"a": [1, 2.5, true, null]}}"#.utf8))
        return seeds
    }

    static func mutate(_ input: [UInt8], seeds: [[UInt8]], random: inout Random) -> [UInt8] {
        var bytes = input
        for _ in 0...random.below(4) {
            switch random.below(9) {
            case 0 where !bytes.isEmpty:  // flip a bit
                let i = random.below(bytes.count)
                bytes[i] ^= UInt8(1 << random.below(8))
            case 1:  // insert an interesting byte
                let interesting: [UInt8] = [0x00, 0xFF, 0xC3, 0x80, 0x22, 0x27, 0x5B, 0x5D, 0x3D, 0x0A, 0x0D, 0x7C, 0x60, 0x7B, 0x7D, 0x40, 0x2E, 0x5C]
                bytes.insert(interesting[random.below(interesting.count)], at: random.below(bytes.count + 1))
            case 2 where !bytes.isEmpty:  // delete a range
                let i = random.below(bytes.count)
                bytes.removeSubrange(i..<min(bytes.count, i + 1 + random.below(16)))
            case 3:  // insert a dictionary token
                let token = Array(dictionary[random.below(dictionary.count)].utf8)
                bytes.insert(contentsOf: token, at: random.below(bytes.count + 1))
            case 4 where !bytes.isEmpty:  // duplicate a chunk
                let i = random.below(bytes.count)
                let chunk = bytes[i..<min(bytes.count, i + 1 + random.below(64))]
                bytes.insert(contentsOf: chunk, at: random.below(bytes.count + 1))
            case 5:  // splice with another seed
                let other = seeds[random.below(seeds.count)]
                let cut = random.below(bytes.count + 1)
                let from = random.below(other.count + 1)
                bytes = Array(bytes[..<cut]) + Array(other[from...])
            case 6 where !bytes.isEmpty:  // truncate
                bytes.removeLast(random.below(bytes.count) + 1)
            case 7 where !bytes.isEmpty:  // overwrite with a random byte
                bytes[random.below(bytes.count)] = UInt8(truncatingIfNeeded: random.next())
            default:  // repeat a line many times (size and nesting stress)
                let token = Array(dictionary[random.below(dictionary.count)].utf8)
                bytes += Array(repeating: token, count: 1 + random.below(200)).flatMap { $0 }
            }
        }
        return bytes.count > 300_000 ? Array(bytes.prefix(300_000)) : bytes
    }

    /// Feeds one input to every parser; each must return a value or a clean error.
    static func exercise(_ bytes: [UInt8]) -> Int {
        var outcomes = 0
        let text = String(decoding: bytes, as: UTF8.self)
        do {
            _ = try ConfigurationLoader.parse(text, file: "/fuzz/release-mirror.toml")
            outcomes += 1
        } catch {
            outcomes += error.description.isEmpty ? 0 : 1
        }
        let document = LedgerDocument(bytes: bytes)
        outcomes += document.rows.count + document.problems.count + document.markerProblems.count
        if document.markerProblems.isEmpty, let rebuilt = try? document.replacingTable(with: document.rows) {
            outcomes += LedgerDocument(bytes: rebuilt).rows.count == document.rows.count ? 0 : 1_000_000  // round trip
        }
        for line in text.split(separator: "\n").prefix(200) {
            if case .success = LedgerRow.parse(String(line), line: 1) { outcomes += 1 }
        }
        switch ManifestReader.parse(bytes) {
        case .success: outcomes += 1
        case .failure(let problem): outcomes += problem.description.isEmpty ? 0 : 1
        }
        for token in text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\"" }).prefix(50) {
            if SemanticVersion(String(token)) != nil { outcomes += 1 }
            if NamePattern(String(token)) != nil { outcomes += 1 }
        }
        return outcomes
    }

    @Test func parsersSurviveMutatedInputs() throws {
        let environment = ProcessInfo.processInfo.environment
        let iterations = environment["RELIABILITY_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 10_000
        let seed = environment["RELIABILITY_FUZZ_SEED"].flatMap(UInt64.init) ?? UInt64(Date().timeIntervalSince1970)
        let save = environment["RELIABILITY_FUZZ_SAVE"]
        let seeds = try Self.seeds()
        var random = Random(state: seed)
        var corpus = seeds
        var slowest = 0.0
        var slowestInput: [UInt8] = []
        var roundTripFailures = 0
        let clock = ContinuousClock()
        let started = clock.now
        for iteration in 0..<iterations {
            let parent = corpus[random.below(corpus.count)]
            let input = Self.mutate(parent, seeds: seeds, random: &random)
            if let save { FileManager.default.createFile(atPath: save, contents: Data(input)) }
            let before = clock.now
            let outcome = Self.exercise(input)
            let seconds = (clock.now - before) / .seconds(1)
            if outcome >= 1_000_000 { roundTripFailures += 1 }
            if seconds > slowest {
                slowest = seconds
                slowestInput = input
            }
            // keep some inputs as parents: a poor man's corpus evolution
            if iteration % 50 == 0 && corpus.count < 2000 { corpus.append(input) }
        }
        let total = (clock.now - started) / .seconds(1)
        print("fuzz: \(iterations) inputs executed without a crash in \(String(format: "%.1f", total)) s "
            + "(seed \(seed), slowest input \(String(format: "%.3f", slowest)) s, \(slowestInput.count) bytes)")
        #expect(slowest < 1.0, "an input took \(slowest) s: \(String(decoding: slowestInput.prefix(300), as: UTF8.self))")
        #expect(roundTripFailures == 0, "rewriting a parsed ledger table changed its rows")
    }
}
