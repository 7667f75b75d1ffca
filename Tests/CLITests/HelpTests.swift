import Foundation
import Testing
import TestSupport

@Suite struct HelpTests {
    @Test func helpListsOnlyWorkingCommandsAndExitCodes() throws {
        let result = try Shell.run([Products.executable("release-mirror"), "--help"])
        #expect(result.status == 0)
        for command in ["init", "sync", "status", "accept-rewrite", "publish-tag", "audit", "ledger"] {
            #expect(result.stdout.contains(command), "\(command) missing from --help")
        }
        #expect(result.stdout.contains("Exit codes"))
        let version = try Shell.run([Products.executable("release-mirror"), "--version"])
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
    }
}
