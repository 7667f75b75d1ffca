import Foundation
import KimiRuntime

/// The fault-injecting fake Kimi CLI (`Tests/Fixtures/kimi/fake_kimi.py`, run directly through
/// its `#!/usr/bin/env python3` line) with a temporary state directory.
///
/// The script is not copied or wrapped: writing an executable while other tests spawn processes
/// can leak the open file into a child and make `exec` fail with ETXTBSY.
struct FakePeer {
    let root: URL
    let stateDirectory: URL
    let workDirectory: URL
    let executable: URL
    let environment: [String: String]

    /// - Parameters:
    ///   - modes: one mode per process start (the last repeats); see the script's header.
    ///   - grandchild: start a `sleep 300` grandchild in the peer's process group.
    ///   - environment: more `FAKE_KIMI_*` settings.
    init(modes: [String], grandchild: Bool = false, environment: [String: String] = [:]) throws {
        root = try TestEnvironment.temporaryDirectory("kimi-fake")
        stateDirectory = root.appendingPathComponent("state", isDirectory: true)
        workDirectory = root.appendingPathComponent("work", isDirectory: true)
        try FileManager.default.createDirectory(at: stateDirectory, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true)
        executable = try TestEnvironment.fixtures().appendingPathComponent("fake_kimi.py")
        if !FileManager.default.isExecutableFile(atPath: executable.path) {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: executable.path)
        }
        var env = environment
        env["FAKE_KIMI_MODE"] = modes.joined(separator: ",")
        env["FAKE_KIMI_STATE_DIR"] = stateDirectory.path
        if grandchild { env["FAKE_KIMI_CHILD"] = "1" }
        self.environment = env
    }

    /// A runtime configuration for the fake (time limits generous enough for a loaded 2-core
    /// machine; the hang tests set tight ones; the config override keeps the runtime from
    /// generating a real provider configuration).
    func configuration(
        idle: Duration? = .seconds(45),
        turn: Duration? = .seconds(90),
        verifyPeerVersion: Bool = true
    ) -> KimiConfiguration {
        KimiConfiguration(
            executable: executable,
            apiKey: "dummy",
            cliConfig: .inline("{}"),
            environment: environment,
            verifyPeerVersion: verifyPeerVersion,
            timeouts: KimiConfiguration.Timeouts(
                startup: .seconds(20), idle: idle, turn: turn, cancelGrace: .seconds(2), shutdownGrace: .seconds(1)
            ),
            liveModelListing: false
        )
    }

    func options() -> SessionOptions {
        SessionOptions(model: "kimi-k2-thinking", workDirectory: workDirectory)
    }

    private func read(_ name: String) -> String? {
        (try? String(contentsOf: stateDirectory.appendingPathComponent(name), encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The pid of the `start`-th peer process.
    func pid(start: Int = 1) -> pid_t? { read("pid-\(start)").flatMap { pid_t($0) } }
    /// The pid of the `start`-th peer's grandchild.
    func grandchildPID(start: Int = 1) -> pid_t? { read("child-pid-\(start)").flatMap { pid_t($0) } }
    /// The `start`-th peer's argv.
    func arguments(start: Int = 1) -> [String]? {
        read("args-\(start)").flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String] }
    }
    /// What the client answered to the unknown server request.
    func unknownRequestAnswer(start: Int = 1) -> [String: Any]? {
        read("unknown-request-answer-\(start)").flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }
    /// How many peer processes were started.
    var starts: Int { read("starts").flatMap(Int.init) ?? 0 }

    func cleanup() {
        try? FileManager.default.removeItem(at: root)
    }
}
