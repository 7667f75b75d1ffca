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
