import Foundation
import Testing

@testable import KimiRuntime

@Suite("Version pin", .timeLimit(.minutes(2)))
struct PinTests {
    /// The rows of the pin table in RELEASES.md, between the kimi-runtime:pin markers.
    static func releasesPinTable() throws -> [String: (version: String, verified: String)] {
        var rows: [String: (String, String)] = [:]
        for row in try releasesPinRows() { rows[row.component] = (row.version, row.verified) }
        return rows
    }

    /// Every row of the pin table, in order (a component may have several rows).
    static func releasesPinRows() throws -> [(component: String, version: String, verified: String)] {
        let url = try TestEnvironment.repositoryRoot().appendingPathComponent("RELEASES.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        guard let begin = text.range(of: "<!-- kimi-runtime:pin:begin -->"),
            let end = text.range(of: "<!-- kimi-runtime:pin:end -->", range: begin.upperBound..<text.endIndex)
        else {
            throw TestEnvironment.SetupError(description: "RELEASES.md has no kimi-runtime:pin markers")
        }
        var rows: [(component: String, version: String, verified: String)] = []
        var sawHeader = false
        for line in text[begin.upperBound..<end.lowerBound].split(separator: "\n") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 5 else { continue }
            let row = Array(cells[1..<(cells.count - 1)])
            if row == ["Component", "Version", "Verified"] { sawHeader = true; continue }
            if row.allSatisfy({ $0.allSatisfy { $0 == "-" || $0 == ":" } }) { continue }
            guard row.count == 3 else { continue }
            rows.append((row[0], row[1], row[2]))
        }
        guard sawHeader else {
            throw TestEnvironment.SetupError(description: "the pin table lacks the header | Component | Version | Verified |")
        }
        return rows
    }

    @Test("KimiPin equals the pin table in RELEASES.md")
    func codeMatchesReleases() throws {
        let table = try Self.releasesPinTable()
        let cli = try #require(table["Kimi CLI"], "no 'Kimi CLI' row")
        let wire = try #require(table["Wire protocol"], "no 'Wire protocol' row")
        #expect(cli.version == KimiPin.cliVersion)
        #expect(wire.version == KimiPin.wireProtocolVersion)
        #expect(cli.verified == KimiPin.verifiedOn)
        #expect(wire.verified == KimiPin.verifiedOn)
    }

    @Test("the ACP rows of the pin table equal KimiPin, and the start-up check accepts exactly them")
    func acpRowsMatch() throws {
        let rows = try Self.releasesPinRows()
        let table = try Self.releasesPinTable()
        let maintained = rows.filter { $0.component == "Kimi Code CLI (ACP)" }
        #expect(maintained.map(\.version) == KimiPin.acpVerifiedReleases.map(\.version))
        #expect(maintained.map(\.verified) == KimiPin.acpVerifiedReleases.map(\.verified))
        #expect(table["Kimi CLI over ACP"]?.version == KimiPin.cliVersion)
        #expect(table["Kimi CLI over ACP"]?.verified == KimiPin.cliVerifiedOverACPOn)
        #expect(table["ACP protocol"]?.version == String(KimiPin.acpProtocolVersion))
        for version in maintained.map(\.version) + [KimiPin.cliVersion] {
            #expect(AcpAgentInfo(name: "Kimi Code CLI", version: version).pinViolation() == nil, "\(version) must be accepted")
        }
        for version in ["0.0.1", "1.50.0", "2.0.0"] {
            #expect(AcpAgentInfo(name: "Kimi Code CLI", version: version).pinViolation() != nil, "\(version) must be refused")
        }
        #expect(AcpAgentInfo(name: "Kimi Code CLI", version: "1.51.0").kind == .legacyKimiCLI)
        #expect(AcpAgentInfo(name: "Kimi Code CLI", version: "0.9.0").kind == .maintainedKimiCLI)
        #expect(AcpAgentInfo(name: "other", version: "0.9.0").kind == .other)
    }

    @Test("scripts/kimi-venv.sh installs the pinned CLI")
    func venvScriptMatchesPin() throws {
        let script = try String(
            contentsOf: try TestEnvironment.repositoryRoot().appendingPathComponent("scripts/kimi-venv.sh"), encoding: .utf8
        )
        #expect(script.contains("\nKIMI_CLI_PIN=\(KimiPin.cliVersion)\n"))
    }

    @Test("a CLI reporting another version is refused, naming both versions")
    func otherVersionRefused() async throws {
        let fake = try FakePeer(modes: ["normal"], environment: ["FAKE_KIMI_VERSION": "1.52.0"])
        defer { fake.cleanup() }
        let error = await runtimeError {
            _ = try await KimiRuntime(configuration: fake.configuration()).makeSession(fake.options())
        }
        guard case .protocol(let message)? = error else {
            Issue.record("expected a protocol error, got \(String(describing: error))")
            return
        }
        #expect(message.contains("1.52.0"))
        #expect(message.contains(KimiPin.cliVersion))
        #expect(fake.starts == 0, "the wire peer was started although the version check failed")
    }

    @Test("a CLI reporting another wire protocol is refused, naming both")
    func otherWireRefused() async throws {
        let fake = try FakePeer(modes: ["normal"], environment: ["FAKE_KIMI_WIRE": "1.11"])
        defer { fake.cleanup() }
        let error = await runtimeError {
            _ = try await KimiRuntime(configuration: fake.configuration()).makeSession(fake.options())
        }
        guard case .protocol(let message)? = error else {
            Issue.record("expected a protocol error, got \(String(describing: error))")
            return
        }
        #expect(message.contains("1.11") && message.contains(KimiPin.wireProtocolVersion))
    }

    @Test("a CLI whose `info --json` is not JSON (the 1.52.0 deprecation stub) is refused")
    func bannerRefused() async throws {
        let fake = try FakePeer(modes: ["normal"], environment: ["FAKE_KIMI_INFO": "banner"])
        defer { fake.cleanup() }
        let error = await runtimeError {
            _ = try await KimiRuntime(configuration: fake.configuration()).makeSession(fake.options())
        }
        guard case .protocol(let message)? = error else {
            Issue.record("expected a protocol error, got \(String(describing: error))")
            return
        }
        #expect(message.contains("did not report"))
        #expect(message.contains(KimiPin.cliVersion))
    }

    @Test("the caller can opt out of the version check")
    func optOut() async throws {
        let fake = try FakePeer(modes: ["normal"], environment: ["FAKE_KIMI_VERSION": "9.9.9"])
        defer { fake.cleanup() }
        let runtime = KimiRuntime(configuration: fake.configuration(verifyPeerVersion: false))
        let session = try await runtime.makeSession(fake.options())
        #expect(try await session.execute("hi").text == "fake says hi")
        await session.close()
        #expect(try await runtime.peerVersion() == KimiPeerVersion(cliVersion: "9.9.9", wireProtocolVersion: "1.10"))
    }

    @Test("the real Kimi CLI reports the pinned versions", .realKimiPeer)
    func realCLIIsPinned() async throws {
        let harness = try TestEnvironment.harness()
        defer { harness.tearDown() }
        #expect(try await harness.makeKimiRuntime().peerVersion() == .pinned)
    }
}
