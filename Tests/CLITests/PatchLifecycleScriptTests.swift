import Foundation
import Testing
import TestSupport

/// The README's patch lifecycle, as scripts/patch-lifecycle.sh runs it with the built binary:
/// start, people commit in a fresh clone, list, rebase and force-push, set-base, retire.
@Suite struct PatchLifecycleScriptTests {
    @Test func theReadmeSequenceRuns() throws {
        let tmp = TemporaryDirectory("rm-patch-lifecycle")
        let result = try Shell.run(
            ["sh", Upstream.packageRoot + "/scripts/patch-lifecycle.sh", Products.executable("release-mirror"), tmp.url("work")],
            environment: InitMirror.environment)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("patch-lifecycle: ok"), "\(result.output)")
        for printed in ["started patch/role-additional at", "is now based on", "retired patch/role-additional: tip", "force-pushed"] {
            #expect(result.output.contains(printed), "\(printed) missing: \(result.output)")
        }
    }
}
