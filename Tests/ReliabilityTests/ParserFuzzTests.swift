import Foundation
@testable import ReleaseMirror
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
        ".a", "a.", ". ", ".\"q\"", ".'l'", "[a.", "[[a.",
    ]

    // MARK: - Generators: long dotted keys, long headers, long strings

    /// A size between 1 and `limit`, log-uniform: mostly small, sometimes hundreds of thousands.
    static func size(_ limit: Int, random: inout Random) -> Int {
        let bits = 1 + random.below(Int(log2(Double(limit))))
        return min(limit, 1 + random.below(1 << bits))
    }

    /// One key part: bare, quoted, literal, empty-quoted, or an escape-laden quoted part.
    static func keyPart(random: inout Random) -> String {
        switch random.below(6) {
        case 0: return "\"q\""
        case 1: return "'l'"
        case 2: return "\"\""
        case 3: return "\"\\u00e9\\t\""
        default: return ["a", "upstream", "url", "k-1", "_", "9"][random.below(6)]
        }
    }

    /// `parts` key parts joined by a dot, spaced or not.
    static func dottedKey(parts: Int, random: inout Random) -> String {
        let separator = [".", " . ", ".\t"][random.below(3)]
        var key = ""
        key.reserveCapacity(parts * 4)
        for index in 0..<parts {
            if index > 0 { key += separator }
            key += random.below(8) == 0 ? keyPart(random: &random) : "a"
        }
        return key
    }

    /// A string value of about `length` characters in one of TOML's four string forms.
    static func longString(length: Int, random: inout Random) -> String {
        let unit = ["x", "é", "\\\"", "\\u0041", "😀", "a b"][random.below(6)]
        let body = String(repeating: unit, count: max(1, length / 3))
        let literal = String(repeating: "x", count: max(1, length))
        switch random.below(4) {
        case 0: return "\"" + body + "\""
        case 1: return "'" + literal + "'"
        case 2: return "\"\"\"\n" + body + "\n\"\"\""
        default: return "'''" + literal + "'''"
        }
    }

    /// What a generated config holds.
    enum Generated { case dottedKey(parts: Int), header(parts: Int), inlineKey(parts: Int), string(length: Int) }

    /// A config with one long dotted key, table header, inline-table key or string, under the 1 MiB cap.
    static func generateLong(random: inout Random) -> (Generated, String) {
        let start = "[upstream]\nurl = \"https://example.invalid/up.git\"\n"
        let parts = size(200_000, random: &random)
        switch random.below(4) {
        case 0: return (.dottedKey(parts: parts), start + dottedKey(parts: parts, random: &random) + " = 1\n")
        case 1:
            let brackets = random.below(2) == 0 ? ("[", "]") : ("[[", "]]")
            return (.header(parts: parts), start + brackets.0 + dottedKey(parts: parts, random: &random) + brackets.1 + "\nk = 1\n")
        case 2: return (.inlineKey(parts: parts), start + "x = { " + dottedKey(parts: parts, random: &random) + " = 1 }\n")
        default:
            let length = size(300_000, random: &random)
            let key = ["branch", "release-tags", "unknown", "\"quoted key\""][random.below(4)]
            return (.string(length: length), start + key + " = " + longString(length: length, random: &random) + "\n")
        }
    }

    /// Long keys, headers and strings (what crashed toml++ by stack exhaustion): every one loads or
    /// is one clean error line; a key or header of more than 16 parts is refused before parsing.
    /// `make test` runs 50; `make stress` (RELIABILITY_FUZZ_ITERATIONS = 1,000,000) 5,000.
    @Test func longKeysHeadersAndStringsAreCleanErrors() throws {
        let environment = ProcessInfo.processInfo.environment
        let iterations = max(50, (environment["RELIABILITY_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 10_000) / 200)
        let seed = environment["RELIABILITY_FUZZ_SEED"].flatMap(UInt64.init) ?? UInt64(Date().timeIntervalSince1970)
        var random = Random(state: seed)
        var keys = 0
        var strings = 0
        let clock = ContinuousClock()
        let started = clock.now
        for _ in 0..<iterations {
            let (kind, text) = Self.generateLong(random: &random)
            #expect(text.utf8.count <= 1 << 20)
            var message: String?
            do {
                _ = try ConfigurationLoader.parse(text, file: "/fuzz/release-mirror.toml")
            } catch {
                message = error.description
            }
            let shown = String((message ?? "loaded").prefix(300))
            #expect(message.map { !$0.contains("\n") && $0.utf8.count < 1500 } ?? true, "one short line: \(shown)")
            switch kind {
            case .dottedKey(let parts), .header(let parts), .inlineKey(let parts):
                keys += 1
                if parts > 16 { #expect(message?.contains("\(parts) dotted parts") == true, "\(parts) parts: \(shown)") }
            case .string:
                strings += 1
            }
        }
        let total = (clock.now - started) / .seconds(1)
        print("fuzz: \(iterations) long keys, headers and strings without a crash in \(String(format: "%.1f", total)) s "
            + "(seed \(seed), \(keys) keys or headers, \(strings) strings)")
    }

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
            if let save { _ = FileManager.default.createFile(atPath: save, contents: Data(input)) }
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
