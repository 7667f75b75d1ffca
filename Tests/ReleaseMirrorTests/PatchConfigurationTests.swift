import Foundation
import ReleaseMirror
import Testing
import TestSupport

/// `[patches]`: the branch pattern, its overlap with the other managed names, and the registry
/// table (parsed and written like the ledger's, every other byte kept).
@Suite struct PatchConfigurationTests {
    let base = "[upstream]\nurl = \"https://example.invalid/kimi.git\"\n"

    func parse(_ text: String) throws(MirrorError) -> Configuration {
        try ConfigurationLoader.parse(base + text, file: "/cfg/release-mirror.toml")
    }

    func problem(_ text: String) -> String {
        do {
            _ = try parse(text)
            return "no error"
        } catch {
            #expect(error.exitStatus == .usage)
            return error.description
        }
    }

    @Test func defaultsAndExplicitValues() throws {
        let defaults = try parse("")
        #expect(defaults.patches.branch.template == "patch/{name}")
        #expect(defaults.patches.registry == "/cfg/README.md")
        let set = try parse("[patches]\nbranch = \"local/{name}-fix\"\nregistry = \"docs/PATCHES.md\"\n")
        #expect(set.patches.branch.name(for: "x") == "local/x-fix")
        #expect(set.patches.registry == "/cfg/docs/PATCHES.md")
    }

    @Test func badPatternsAreRefusedNamingTheKey() {
        #expect(problem("[patches]\nbranch = \"patch/fix\"\n").contains("patches.branch: \"patch/fix\" must contain {name} exactly once"))
        #expect(problem("[patches]\nbranch = \"p/{name}/{name}\"\n").contains("must contain {name} exactly once"))
        #expect(problem("[patches]\nbranch = \"p..{name}\"\n").contains("cannot be a valid branch name"))
        #expect(problem("[patches]\nbranch = \"refs/heads/p/{name}\"\n").contains("starts with refs/"))
        #expect(problem("[patches]\nbrnch = \"p/{name}\"\n").contains("patches.brnch: unknown key; [patches] takes branch, registry"))
    }

    @Test func patchBranchesMayNotOverlapOtherManagedBranches() {
        let release = problem("[patches]\nbranch = \"release/{name}\"\n")
        #expect(release.contains("overlaps mirror.release-branch \"release/v{version}\""))
        #expect(release.contains("\"release/v1.2.3\""))
        #expect(problem("[patches]\nbranch = \"upstream-{name}\"\n").contains("takes mirror.branch \"upstream-main\" for patch \"main\""))
        #expect(problem("[patches]\nbranch = \"release/v{name}\"\n").contains("overlaps mirror.release-branch"))
        #expect(problem("[patches]\nbranch = \"{name}\"\n").contains("takes mirror.branch"))
        let pattern = NamePattern("patch/{name}", placeholder: "{name}")!
        #expect(ManagedNames.patchConflicts(patchBranch: pattern, mirrorBranch: "upstream-main", releaseBranch: NamePattern("release/v{version}")!).isEmpty)
        #expect(ManagedNames.patchConflicts(patchBranch: pattern, mirrorBranch: "patch/main", releaseBranch: NamePattern("release/v{version}")!).count == 1)
    }

    @Test func patchNames() {
        for good in ["role-additional", "fix.1", "A_b", "0-20-1"] { #expect(ManagedNames.isPatchName(good), "\(good)") }
        for bad in ["", "-x", ".x", "a b", "a/b", "a..b", "x.", "a|b", String(repeating: "a", count: 65)] {
            #expect(!ManagedNames.isPatchName(bad), "\(bad)")
        }
    }

    @Test func registryIsAppendedWhenMissingAndKeepsEveryOtherByte() throws {
        let directory = TemporaryDirectory("rm-patches")
        let path = directory.url("README.md")
        let prose = "# Mirror\r\n\r\nHumans wrote this.\r\n\r\n```markdown\r\n\(PatchRegistry.beginMarker)\r\n```\r\n"
        try Data(prose.utf8).write(to: URL(fileURLWithPath: path))
        let empty = try PatchRegistry.read(path: path)
        #expect(empty.rows.isEmpty && empty.problems.isEmpty && empty.section.hasNoMarkers, "a marker in a code fence is no marker")
        let row = PatchRow(branch: "patch/role", baseTag: "v0.20.1", reason: "needs a | pipe", upstreamPR: "https://example.invalid/pr/1")
        try empty.write([row])
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix(prose))
        #expect(text.contains("\r\n## Patch branches\r\n\(PatchRegistry.beginMarker)\r\n\(PatchRegistry.header)\r\n"))
        let again = try PatchRegistry.read(path: path)
        #expect(again.problems.isEmpty)
        #expect(again.rows.map { PatchRow(branch: $0.branch, baseTag: $0.baseTag, reason: $0.reason, upstreamPR: $0.upstreamPR, status: $0.status) } == [row])
        var retired = row
        retired.status = .retired(archive: "refs/release-mirror/archive/patch/role/20261128T190000Z-0123456789ab")
        try again.write([retired])
        let third = try PatchRegistry.read(path: path)
        #expect(third.rows.first?.status == retired.status)
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix(prose), "the prose is kept on a rewrite")
    }

    @Test func brokenRegistryRowsAreProblemsWithTheirLine() throws {
        let text = "\(PatchRegistry.beginMarker)\n\(PatchRegistry.header)\n\(PatchRegistry.separator)\n| `patch/a` | `v1` | — | — | maybe |\n| short |\n\(PatchRegistry.endMarker)\n"
        let registry = PatchRegistry(path: "/r/README.md", bytes: Array(text.utf8))
        #expect(registry.rows.isEmpty)
        #expect(registry.problems.map(\.line) == [4, 5])
        #expect(registry.problems.first?.message.contains("neither active nor retired") == true)
        #expect(throws: MirrorError.self) { try registry.requireClean() }
        let missingEnd = PatchRegistry(path: "/r/README.md", bytes: Array("\(PatchRegistry.beginMarker)\n".utf8))
        #expect(missingEnd.problems.first?.message.contains("has no \(PatchRegistry.endMarker) after it") == true)
    }
}
