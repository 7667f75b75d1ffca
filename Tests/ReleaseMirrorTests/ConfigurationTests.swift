import Foundation
import ReleaseMirror
import Testing
import TestSupport

@Suite struct ConfigurationTests {
    func parse(_ text: String) throws(MirrorError) -> Configuration {
        try ConfigurationLoader.parse(text, file: "/cfg/release-mirror.toml")
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

    @Test func minimalConfigGetsEveryDefault() throws {
        let c = try parse("[upstream]\nurl = \"https://github.com/MoonshotAI/kimi-code.git\"\n")
        #expect(c.upstream.branch == "main")
        #expect(c.upstream.releaseTags.template == "@moonshot-ai/kimi-code@{version}")
        #expect(c.mirror.repository == "/cfg")
        #expect(c.mirror.remote == "origin")
        #expect(c.mirror.branch == "upstream-main")
        #expect(c.mirror.releaseBranch.template == "release/v{version}")
        #expect(c.smoke.timeoutSeconds == 1800)
        #expect(c.smoke.env == ["PATH", "HOME", "LANG"])
        #expect(c.smoke.on == .newReleases)
        #expect(c.publish.manifest == "packages/node-sdk/package.json")
        #expect(c.publish.packageName == "@moonshot-ai/kimi-code-sdk")
        #expect(c.publish.versionFrom == .manifest)
        #expect(c.publish.tag.template == "publish-sdk/v{version}")
        #expect(c.publish.ledger == "/cfg/RELEASES.md")
        #expect(c.publish.requireSmoke)
        #expect(c.report.labels == ["sync", "upstream-break"])
        #expect(c.report.tokenEnv == "GITHUB_TOKEN")
        #expect(c.report.directory == nil)
    }

    @Test func relativePathsResolveAgainstTheConfigDirectory() throws {
        let c = try parse("[upstream]\nurl = \"../up\"\n[mirror]\nrepository = \"m.git\"\n[report]\ndirectory = \"reports\"\n")
        #expect(c.upstream.url == "/up")
        #expect(c.mirror.repository == "/cfg/m.git")
        #expect(c.report.directory == "/cfg/reports")
        let ssh = try parse("[upstream]\nurl = \"git@github.com:a/b.git\"\n")
        #expect(ssh.upstream.url == "git@github.com:a/b.git")
    }

    @Test func unknownKeysNameTheKeyAndLine() {
        #expect(problem("[upstream]\nurl = \"x\"\nbrnch = \"main\"\n") == "/cfg/release-mirror.toml:3: upstream.brnch: unknown key; [upstream] takes branch, release-tags, token-env, url")
        #expect(problem("[upstream]\nurl = \"x\"\n\n[mirorr]\nbranch = \"x\"\n").hasPrefix("/cfg/release-mirror.toml:4: mirorr: unknown key"))
    }

    @Test func wrongTypesNameTheKeyAndLine() {
        #expect(problem("[upstream]\nurl = \"x\"\n[smoke]\ntimeout-seconds = \"30\"\n") == "/cfg/release-mirror.toml:4: smoke.timeout-seconds: must be an integer, not string")
        #expect(problem("[upstream]\nurl = 3\n").contains(":2: upstream.url: must be a string"))
        #expect(problem("[upstream]\nurl = \"x\"\n[smoke]\ncommand = \"make\"\n").contains(":4: smoke.command: must be an array of strings"))
        #expect(problem("[upstream]\nurl = \"x\"\n[smoke]\non = \"always\"\n").contains("smoke.on: \"always\" is not one of"))
        #expect(problem("[upstream]\nurl = \"x\"\n[publish]\nrequire-smoke = \"yes\"\n").contains(":4: publish.require-smoke: must be true or false"))
        #expect(problem("upstream = 5\n").contains("upstream: must be a table"))
    }

    @Test func missingUpstreamURL() {
        #expect(problem("[mirror]\nbranch = \"x\"\n").contains("upstream.url: missing"))
        #expect(problem("").contains("upstream.url: missing"))
    }

    @Test func patternsNeedOneVersionAndAValidRefName() {
        #expect(problem("[upstream]\nurl = \"x\"\nrelease-tags = \"v1.0\"\n").contains(":3: upstream.release-tags: \"v1.0\" must contain {version} exactly once"))
        #expect(problem("[upstream]\nurl = \"x\"\nrelease-tags = \"bad..{version}\"\n").contains("cannot be a valid ref name"))
        #expect(problem("[upstream]\nurl = \"x\"\nrelease-tags = \"with space/{version}\"\n").contains("cannot be a valid ref name"))
        #expect(problem("[upstream]\nurl = \"x\"\n[mirror]\nrelease-branch = \"rel~{version}\"\n").contains("mirror.release-branch"))
        #expect(problem("[upstream]\nurl = \"x\"\n[publish]\ntag = \"p@{{version}\"\n").contains("publish.tag"))
        #expect(problem("[upstream]\nurl = \"x\"\n[publish]\nallow-suffix = \"-b.N\"\n").contains("{n}"))
    }

    @Test func syntaxErrorsAndDuplicatesNameTheLine() {
        #expect(problem("[upstream]\nurl = \"x\"\nurl = \"y\"\n").hasPrefix("/cfg/release-mirror.toml:3: TOML syntax"))
        #expect(problem("[upstream\nurl = \"x\"\n").hasPrefix("/cfg/release-mirror.toml:1: TOML syntax"))
    }

    @Test func everyProblemIsReportedAtOnce() {
        let text = problem("[upstream]\nurl = \"x\"\nfoo = 1\n[smoke]\ntimeout-seconds = -1\n[report]\ntoken-env = \"ghp_abc\"\n")
        #expect(text.split(separator: "\n").count == 3)
    }

    @Test func fileProblems() throws {
        let tmp = TemporaryDirectory()
        #expect(throws: MirrorError.self) { try ConfigurationLoader.load(path: tmp.url("nope.toml")) }
        try Data([0x5B, 0x75, 0x70, 0x5D, 0x0A, 0xFF, 0xFE]).write(to: URL(fileURLWithPath: tmp.url("bad.toml")))
        do {
            _ = try ConfigurationLoader.load(path: tmp.url("bad.toml"))
            Issue.record("invalid UTF-8 accepted")
        } catch {
            #expect(error.description == tmp.url("bad.toml") + ":2: is not valid UTF-8")
        }
        do {
            _ = try ConfigurationLoader.load(path: tmp.path)
            Issue.record("directory accepted")
        } catch {
            #expect(error.description.contains("is a directory"))
        }
    }

    @Test func upstreamTokenEnvNamesAVariableAndDefaultsToNone() throws {
        #expect(try parse("[upstream]\nurl = \"https://h/u.git\"\n").upstream.tokenEnv == "")
        #expect(try parse("[upstream]\nurl = \"https://h/u.git\"\ntoken-env = \"UPSTREAM_TOKEN\"\n").upstream.tokenEnv == "UPSTREAM_TOKEN")
        for bad in ["ghp_0123456789abcdefghijABCDEFGHIJ012345", "MY TOKEN", "A-B"] {
            #expect(problem("[upstream]\nurl = \"https://h/u.git\"\ntoken-env = \"\(bad)\"\n").contains(":3: upstream.token-env: must be the NAME"))
        }
        #expect(problem("[upstream]\nurl = \"x\"\n[report]\ntoken-env = \"\"\n").contains("report.token-env: must be the NAME"))
    }

    @Test func urlCredentialsAreKeptForLibgit2AndMaskedInEveryTextForm() throws {
        let c = try parse("[upstream]\nurl = \"https://u:S3CRET-x@h/u.git\"\n[mirror]\nremote = \"https://tok-S3CRET@h/m.git\"\n")
        #expect(c.upstream.url.forLibgit2 == "https://u:S3CRET-x@h/u.git")
        #expect("\(c.upstream.url) \(c.mirror.remote)" == "https://***@h/u.git https://***@h/m.git")
        let redactor = Redactor(environment: [:], configuration: c)
        #expect(redactor.redact("libgit2 said: bad password S3CRET-x for tok-S3CRET") == "libgit2 said: bad password *** for ***")
    }
}
