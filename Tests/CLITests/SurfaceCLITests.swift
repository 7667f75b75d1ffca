import Foundation
import Testing
import TestSupport

/// `release-mirror surface` and `ledger notes [--github]` through the real binary, on a real
/// repository and a fake GitHub over loopback.
@Suite struct SurfaceCLITests {
    func run(_ fixture: InterfaceUpstream, _ arguments: [String], environment extra: [String: String] = [:]) throws -> ProcessResult {
        var environment = ProcessInfo.processInfo.environment
        environment["GITHUB_ACTIONS"] = nil
        environment["GITHUB_TOKEN"] = nil
        environment["RELEASE_MIRROR_TOKEN"] = nil
        for (key, value) in extra { environment[key] = value }
        return try Shell.run(
            [Products.executable("release-mirror")] + arguments + ["--config", fixture.config], in: fixture.tmp.path,
            environment: environment)
    }

    struct Comparison: Decodable {
        struct Delta: Decodable {
            let added: [String]
            let removed: [String]
        }
        struct Surface: Decodable {
            let names: [String]
            let opaque: [String]
        }
        let ref: String
        let base: String?
        let delta: Delta?
        let surface: Surface
    }

    @Test func surfacePrintsTheDeltaAndTheVerdict() throws {
        let fixture = try InterfaceUpstream()
        let text = try run(fixture, ["surface", "v1.0.3"])
        #expect(text.status == 0, "\(text.output)")
        let lines = text.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("packages/sdk/src/index.ts at v1.0.3 (") == true)
        #expect(lines.first?.hasSuffix("): breaking (\u{2212}1, +2)") == true)
        #expect(Array(lines.dropFirst().prefix(3)) == ["  + Token", "  + Turn", "  \u{2212} Id"])
        #expect(lines.last?.contains("5 name(s) + * from '@scope/core' in 3 file(s) at v1.0.3; verdict: breaking") == true, "\(lines)")

        let json = try run(fixture, ["surface", "v1.0.6", "v1.0.0", "--json"])
        #expect(json.status == 0)
        let comparison = try JSONDecoder().decode(Comparison.self, from: Data(json.stdout.utf8))
        #expect(comparison.base == "v1.0.0")
        #expect(comparison.delta?.added == ["Options", "Token", "Turn"])
        #expect(comparison.delta?.removed == ["Id"])
        #expect(comparison.surface.opaque == ["* from '@scope/core'"])
        #expect(json.stderr.contains("export * from './gone'"), "the missing file is a warning: \(json.stderr)")

        let first = try run(fixture, ["surface", "v1.0.0"])
        #expect(first.status == 0)
        #expect(first.stdout.contains("v1.0.0 (") && first.stdout.contains("): —"))
        #expect(first.stderr.contains("no mirror tag before v1.0.0"))
        let unknown = try run(fixture, ["surface", "v7.0.0"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("v7.0.0 is neither a mirror tag nor a revision"))
    }

    @Test func ledgerNotesPrintsTheSectionAndWritesTheGitHubRelease() throws {
        let server = try FakeGitHub(token: "ghs_notes_cli_token")
        let fixture = try InterfaceUpstream(report: "github-repository = \"acme/mirror\"")
        let printed = try run(fixture, ["ledger", "notes", "v1.0.1"])
        #expect(printed.status == 0, "\(printed.output)")
        #expect(printed.stdout.hasPrefix("## v1.0.1  (\u{2190} v1.0.0)\n\n**sdk interface: additive, no breaking change**\n"))
        #expect(printed.stdout.contains("NEW:\n- `Options`\n\nREMOVED:\n- none\n"))
        #expect(try server.state().requests.isEmpty, "no --github, no request")

        let noToken = try run(fixture, ["ledger", "notes", "v1.0.1", "--github"], environment: ["GITHUB_API_URL": server.apiURL])
        #expect(noToken.status == 2)
        #expect(noToken.stderr.contains("neither RELEASE_MIRROR_TOKEN nor GITHUB_TOKEN"))

        let env = ["GITHUB_API_URL": server.apiURL, "GITHUB_TOKEN": server.token]
        let created = try run(fixture, ["ledger", "notes", "v1.0.1", "--github"], environment: env)
        #expect(created.status == 0, "\(created.output)")
        #expect(created.stdout.contains("created the GitHub Release of v1.0.1 in acme/mirror"))
        let release = try #require(try server.state().releases.first)
        #expect(release.tagName == "v1.0.1")
        #expect(release.body.hasPrefix(printed.stdout.trimmingCharacters(in: .newlines)))
        #expect(release.body.contains("<!-- release-mirror:notes tag=v1.0.1 digest="))
        #expect(!created.output.contains(server.token))
        let again = try run(fixture, ["ledger", "notes", "v1.0.1", "--github"], environment: env)
        #expect(again.stdout.contains("already carries this note"))
        let json = try run(fixture, ["ledger", "notes", "v1.0.1", "--github", "--json"], environment: env)
        let document = try JSONContract.check("ledger notes", json)
        guard case .object(let github)? = document["github"] else {
            Issue.record("no github object: \(json.stdout)")
            return
        }
        #expect(github["action"] == .string("unchanged"), "\(github)")
        #expect(github["url"].map { if case .string(let url) = $0 { url.hasPrefix("http") } else { false } } == true, "\(github)")

        try server.addRelease(repository: "acme/mirror", tag: "v1.0.2", body: "Hand-written.")
        let kept = try run(fixture, ["ledger", "notes", "v1.0.2", "--github"], environment: env)
        #expect(kept.status == 0)
        #expect(kept.stderr.contains("a body a person wrote or edited; kept it"))
        #expect(try server.state().releases.first { $0.tagName == "v1.0.2" }?.body == "Hand-written.")

        let notATag = try run(fixture, ["ledger", "notes", "main"])
        #expect(notATag.status == 2)
        #expect(notATag.stderr.contains("main is not a mirror tag"))
    }
}
