import Foundation
import ReleaseMirror
import Testing

/// Managed names that overlap are refused at load (ManagedNames, a pure function).
@Suite struct ManagedNamesTests {
    func conflicts(
        branch: String = "upstream-main", releaseBranch: String = "release/v{version}",
        releaseTags: String = "@moonshot-ai/kimi-code@{version}", publishTag: String = "publish-sdk/v{version}"
    ) -> [ManagedNames.Conflict] {
        ManagedNames.conflicts(
            mirrorBranch: branch, releaseBranch: NamePattern(releaseBranch)!, releaseTags: NamePattern(releaseTags)!,
            publishTag: NamePattern(publishTag)!)
    }

    @Test func theDefaultsAndCommonLayoutsDoNotConflict() {
        #expect(conflicts().isEmpty)
        #expect(conflicts(releaseTags: "{version}").isEmpty, "bare version tags next to publish-sdk/v{version}")
        #expect(conflicts(releaseTags: "v{version}", publishTag: "sdk-v{version}").isEmpty)
        #expect(conflicts(releaseBranch: "{version}").isEmpty, "upstream-main is no version")
        #expect(conflicts(branch: "release/vnext").isEmpty, "\"next\" is no version")
        #expect(conflicts(releaseTags: "v{version}", publishTag: "publish/v{version}").isEmpty)
    }

    @Test func theMirrorBranchMayNotBeAReleaseBranch() {
        let found = conflicts(branch: "release/v1.0.0")
        #expect(found.map(\.key) == ["mirror.branch"])
        #expect(found.first?.message.contains("matches mirror.release-branch \"release/v{version}\" (version 1.0.0)") == true)
        #expect(conflicts(branch: "2.0.0-main", releaseBranch: "{version}").map(\.key) == ["mirror.branch"])
    }

    @Test func publishTagsMayNotBeUpstreamReleaseTags() {
        #expect(conflicts(releaseTags: "v{version}", publishTag: "v{version}").first?.message.contains("is upstream.release-tags too") == true)
        let cases: [(String, String, String)] = [
            ("v{version}", "v{version}-sdk", "v1.2.3-sdk"),
            ("v{version}", "v{version}+sdk", "v1.2.3+sdk"),
            ("kimi@{version}", "kimi@{version}.1", "kimi@1.2.3-rc.1.1"),
            ("v1{version}", "v{version}", "v11.2.3"),
            ("{version}", "{version}-sdk", "1.2.3-sdk"),
        ]
        for (tags, publish, shared) in cases {
            let found = conflicts(releaseTags: tags, publishTag: publish)
            #expect(found.map(\.key) == ["publish.tag"], "\(tags) / \(publish)")
            #expect(found.first?.message.contains("the tag \"\(shared)\"") == true, "\(found)")
            #expect(found.first?.otherKey == "upstream.release-tags")
        }
    }

    @Test func noNameStartsWithRefs() {
        let found = conflicts(branch: "refs/release-mirror/quarantine/main", releaseBranch: "refs/release-mirror/v{version}")
        #expect(found.map(\.key) == ["mirror.branch", "mirror.release-branch"])
        #expect(found.allSatisfy { $0.message.contains("reaches into refs/release-mirror/") })
        let tags = conflicts(releaseTags: "refs/tags/v{version}", publishTag: "refs/release-mirror/archive/{version}")
        #expect(tags.map(\.key) == ["upstream.release-tags", "publish.tag"])
        #expect(tags.first?.message.contains("starts with refs/") == true)
    }

    @Test func theLoaderReportsEachOnTheKeyTheFileSets() {
        let text = "[upstream]\nurl = \"u\"\nrelease-tags = \"publish-sdk/v{version}\"\n"
        do {
            _ = try ConfigurationLoader.parse(text, file: "/cfg/release-mirror.toml")
            Issue.record("loaded")
        } catch {
            #expect(error.exitStatus == .usage)
            #expect(error.description.hasPrefix("/cfg/release-mirror.toml:3: upstream.release-tags: "), "\(error)")
            #expect(error.description.contains("(with publish.tag)"), "\(error)")
        }
    }
}
