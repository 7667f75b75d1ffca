import Foundation
import Testing
import TestSupport

@Suite struct HelpTests {
    @Test func helpListsOnlyWorkingCommandsAndExitCodes() throws {
        let result = try Shell.run([Products.executable("release-mirror"), "--help"])
        #expect(result.status == 0)
        for command in ["init", "sync", "status", "accept-rewrite", "publish-tag", "package", "audit", "ledger"] {
            #expect(result.stdout.contains(command), "\(command) missing from --help")
        }
        #expect(result.stdout.contains("Exit codes"))
        let version = try Shell.run([Products.executable("release-mirror"), "--version"])
        #expect(version.status == 0)
        // The test build is not stamped (SPEC §12.1): it says so, and what init then needs.
        #expect(version.stdout.hasPrefix("development build ("), "\(version.stdout)")
        #expect(version.stdout.contains("--tool-ref"))
    }

    @Test func rootHelpListsTheGlobalFlagsAndABareCommandExits2() throws {
        let help = try Shell.run([Products.executable("release-mirror"), "--help"])
        #expect(help.status == 0)
        let global = try #require(help.stdout.components(separatedBy: "GLOBAL OPTIONS").dropFirst().first, "\(help.stdout)")
        for flag in ["--config <path>", "--json", "-q, --quiet", "-v, --verbose"] {
            #expect(global.components(separatedBy: "SUBCOMMANDS:")[0].contains(flag), "\(flag) missing from the root --help")
        }
        let bare = try Shell.run([Products.executable("release-mirror")])
        #expect(bare.status == 2, "\(bare.output)")
        #expect(bare.stdout.isEmpty)
        #expect(bare.stderr.contains("USAGE: release-mirror") && bare.stderr.contains("SUBCOMMANDS:") && bare.stderr.contains("--json"))
        let bareJSON = try Shell.run([Products.executable("release-mirror"), "--json"])
        #expect(bareJSON.status == 2)
        try JSONContract.check("error", bareJSON)
        // The flags still work before the command name.
        let version = try Shell.run([Products.executable("release-mirror"), "--json", "status", "--config", "/nonexistent/x.toml"])
        #expect(version.status == 2)
        #expect(version.stdout.contains("\"schema_version\" : 1"), "\(version.output)")
    }

    @Test func shippedCompletionScriptsAreCurrent() throws {
        let files = ["bash": "release-mirror.bash", "zsh": "_release-mirror", "fish": "release-mirror.fish"]
        for (shell, file) in files {
            let generated = try Shell.run([Products.executable("release-mirror"), "--generate-completion-script", shell])
            #expect(generated.status == 0)
            let shipped = try String(contentsOfFile: Upstream.packageRoot + "/share/completions/" + file, encoding: .utf8)
            #expect(shipped == generated.stdout, "share/completions/\(file) is stale: run `make docs`")
        }
        let manual = try String(contentsOfFile: Upstream.packageRoot + "/share/man/man1/release-mirror.1", encoding: .utf8)
        for command in ["sync", "publish-tag", "audit", "accept-rewrite"] {
            #expect(manual.contains(command), "the man page lacks \(command): run `make docs`")
        }
    }
}
