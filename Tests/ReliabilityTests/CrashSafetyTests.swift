import Foundation
import Testing
import TestSupport

/// `release-mirror sync` killed with SIGKILL at many points of a first and an incremental sync,
/// then re-run (Tests/Stress/crash-harness.py). This is the CI-sized run (a small upstream, 12
/// kill points); `make stress` runs the same harness with 64 kill points on a 20,000-commit
/// upstream. A trial passes when, after the kill, every ref resolves and fsck is clean, no release
/// tag was ever seen anywhere but at upstream's object, the run lock is free; and after the re-run
/// no lock file is left, mirror and origin equal a clean run's, and another run is up to date.
@Suite struct CrashSafetyTests {
    @Test func killedSyncsNeverHalfWriteARefAndTheReRunCompletes() throws {
        let tmp = TemporaryDirectory("rm-crash-ci")
        let report = tmp.url("crash.json")
        let result = try Tool.execute(
            [
                "python3", stressScripts + "/crash-harness.py", "--binary", Tool.binary, "--probe",
                Products.executable("git-probe"), "--trials", "12", "--commits", "1500", "--releases", "30", "--files", "150",
                "--min-landed", "0.75", "--json", report,
            ], environment: Tool.environment(), timeout: 600)
        print(result.stdout.split(separator: "\n").filter { !$0.hasPrefix("trial-") || $0.contains("FAIL") }.joined(separator: "\n"))
        #expect(result.status == 0, "\(result.output.suffix(6000))")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any]
        #expect(summary?["trials"] as? Int == 12)
        #expect(summary?["passed"] as? Int == 12)
        #expect((summary?["kills_landed"] as? Int ?? 0) >= 9)
        #expect(summary?["violations"] as? Int == 0)
        #expect((summary?["samples"] as? Int ?? 0) > 100, "the sampler really watched the refs")
    }
}
