import Foundation
@testable import ReleaseMirror
import Testing
import TestSupport

@Suite struct PackageConfigurationTests {
    let head = "[upstream]\nurl = \"https://github.com/MoonshotAI/kimi-code.git\"\n"

    func parse(_ text: String) throws(MirrorError) -> Configuration {
        try ConfigurationLoader.parse(head + text, file: "/cfg/release-mirror.toml")
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

    @Test func absentSectionLeavesTheCommandOff() throws {
        #expect(try parse("").package == nil)
    }

    @Test func nameAloneGetsEveryDefault() throws {
        let package = try #require(try parse("[package]\nname = \"@botiverse/kimi-code-sdk\"\n").package)
        #expect(package.name == "@botiverse/kimi-code-sdk")
        #expect(package.directory == "packages/node-sdk", "the directory of publish.manifest")
        #expect(package.dist == "dist")
        #expect(package.repository == nil)
        #expect(package.description == nil)
        #expect(package.homepage == nil)
        #expect(package.requireExports == [])
        #expect(package.distTag == "latest")
        #expect(package.suffixDistTag == "next")
        #expect(package.readme == nil)
        let root = try #require(try parse("[publish]\nmanifest = \"package.json\"\n[package]\nname = \"sdk\"\n").package)
        #expect(root.directory == "", "a manifest at the root: the package is the repository root")
    }

    @Test func everyKeyIsRead() throws {
        let package = try #require(
            try parse(
                """
                [package]
                name = "@botiverse/kimi-code-sdk"
                directory = "sdk/"
                dist = "build/esm"
                repository = "https://github.com/botiverse/kimi-code-sdk"
                description = "Kimi Code SDK, mirrored"
                homepage = "https://botiverse.example/sdk"
                require-exports = ["KimiHarness", "Session", "createKimiHarness", "KimiError"]
                dist-tag = "stable"
                suffix-dist-tag = "botiverse"
                readme = "docs/PACKAGE.md"

                """
            ).package)
        #expect(package.directory == "sdk")
        #expect(package.dist == "build/esm")
        #expect(package.repository == "https://github.com/botiverse/kimi-code-sdk")
        #expect(package.description == "Kimi Code SDK, mirrored")
        #expect(package.homepage == "https://botiverse.example/sdk")
        #expect(package.requireExports == ["KimiHarness", "Session", "createKimiHarness", "KimiError"])
        #expect(package.distTag == "stable")
        #expect(package.suffixDistTag == "botiverse")
        #expect(package.readme == "/cfg/docs/PACKAGE.md", "relative to the config's directory")
    }

    @Test func unknownKeysAndBadValuesAreConfigurationErrors() {
        let cases: [(String, String)] = [
            ("[package]\nname = \"sdk\"\ndisttag = \"x\"\n", "package.disttag: unknown key; [package] takes description, directory, dist, dist-tag, homepage, name"),
            ("[package]\ndist = \"dist\"\n", "package.name: missing"),
            ("[package]\nname = \"Kimi SDK\"\n", "\"Kimi SDK\" is not a valid npm package name"),
            ("[package]\nname = \"@scope\"\n", "\"@scope\" is not a valid npm package name"),
            ("[package]\nname = 42\n", "package.name: must be a string, not int"),
            ("[package]\nname = \"sdk\"\ndirectory = \"../sdk\"\n", "package.directory: \"../sdk\" must be a relative directory"),
            ("[package]\nname = \"sdk\"\ndist = \"/abs/dist\"\n", "package.dist: \"/abs/dist\" must be a relative directory"),
            ("[package]\nname = \"sdk\"\ndist = \"\"\n", "package.dist: \"\" must be a relative directory"),
            ("[package]\nname = \"sdk\"\nrepository = \"github.com/botiverse/x\"\n", "package.repository: \"github.com/botiverse/x\" must be the mirror's URL"),
            ("[package]\nname = \"sdk\"\nrepository = \"https://user:tok@github.com/b/x\"\n", "package.repository: the URL carries credentials"),
            ("[package]\nname = \"sdk\"\nhomepage = \"ftp://x\"\n", "package.homepage: \"ftp://x\" must be an http(s) URL"),
            ("[package]\nname = \"sdk\"\nrequire-exports = [\"Kimi-Harness\"]\n", "package.require-exports: \"Kimi-Harness\" is not a JavaScript identifier"),
            ("[package]\nname = \"sdk\"\nrequire-exports = \"KimiHarness\"\n", "package.require-exports: must be an array of strings"),
            ("[package]\nname = \"sdk\"\ndist-tag = \"v2\"\n", "package.dist-tag: \"v2\" reads as a SemVer range"),
            ("[package]\nname = \"sdk\"\ndist-tag = \"1.0\"\n", "package.dist-tag: \"1.0\" must start with a letter"),
            ("[package]\nname = \"sdk\"\nsuffix-dist-tag = \"latest\"\n", "package.suffix-dist-tag: must differ from dist-tag (\"latest\")"),
            ("[package]\nname = \"sdk\"\nreadme = 3\n", "package.readme: must be a string, not int"),
        ]
        for (text, expected) in cases {
            let message = problem(text)
            #expect(message.contains(expected), "\(text) → \(message)")
            #expect(message.hasPrefix("/cfg/release-mirror.toml:"), "names the file and line: \(message)")
        }
    }

    @Test func initsCommentedSectionParsesOnceUncommented() throws {
        let template = ConfigTemplate.render(upstream: "https://github.com/MoonshotAI/kimi-code.git", tagPattern: "v{version}", remote: "")
        #expect(try ConfigurationLoader.parse(template, file: "/cfg/release-mirror.toml").package == nil, "off by default")
        var lines = template.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex(of: "# [package]"))
        for index in start..<lines.count where lines[index].hasPrefix("# ") { lines[index].removeFirst(2) }
        let package = try #require(try ConfigurationLoader.parse(lines.joined(separator: "\n"), file: "/cfg/release-mirror.toml").package)
        #expect(package.name == "@botiverse/kimi-code-sdk")
        #expect(package.requireExports == ["KimiHarness", "Session", "createKimiHarness", "KimiError"])
        #expect(package.readme == "/cfg/PACKAGE-README.md")
    }

    @Test func suffixedVersionsGoUnderTheSuffixDistTag() throws {
        let package = Configuration.Package(name: "sdk", directory: "", distTag: "latest", suffixDistTag: "botiverse")
        let rule = PublishVersionRule(allowSuffix: NamePattern("-botiverse.{n}", placeholder: "{n}"))
        #expect(package.distTag(for: "0.9.3", base: "0.9.3", rule: rule) == "latest")
        #expect(package.distTag(for: "0.9.3-botiverse.2", base: "0.9.3", rule: rule) == "botiverse")
        #expect(package.distTag(for: "0.9.3-rc.1", base: "0.9.3-rc.1", rule: rule) == "latest", "upstream's own prerelease")
        #expect(package.distTag(for: "0.9.3-botiverse.2", base: "0.9.3", rule: PublishVersionRule(allowSuffix: nil)) == "latest")
    }

    @Test func namingRules() {
        for name in ["sdk", "@botiverse/kimi-code-sdk", "a.b-c_d~e", String(repeating: "a", count: 214)] {
            #expect(PackageNameRules.isValidPackageName(name), "\(name)")
        }
        for name in ["", "Sdk", ".sdk", "_sdk", "@/x", "@s/", "a b", "a/b", String(repeating: "a", count: 215)] {
            #expect(!PackageNameRules.isValidPackageName(name), "\(name)")
        }
        #expect(PackageNameRules.distTagProblem("latest") == nil)
        #expect(PackageNameRules.distTagProblem("next-2") == nil)
        for tag in ["x", "X", "v1", "V2.0", "1", "", "bad tag", "-x"] {
            #expect(PackageNameRules.distTagProblem(tag) != nil, "\(tag)")
        }
        #expect(PackageNameRules.isIdentifier("createKimiHarness"))
        #expect(PackageNameRules.isIdentifier("$_x1"))
        #expect(!PackageNameRules.isIdentifier("1x"))
        #expect(!PackageNameRules.isIdentifier(""))
    }
}
