import Foundation
import TestSupport

/// A real OpenSSH server on loopback (Debian's `openssh-server`, installed by
/// scripts/ensure-deps.sh) with its own config, a fresh ed25519 host key and its own
/// authorized_keys, serving the git repositories on this machine over `git-upload-pack` /
/// `git-receive-pack` as root (`PermitRootLogin prohibit-password`: keys only). Logs at VERBOSE to
/// a file, so tests can count authentication attempts.
final class SSHServer {
    /// The port on 127.0.0.1.
    let port: Int
    /// The user sshd accepts (the tests run as root; sshd logs in as an existing account).
    let user: String
    /// The server's public host key line (`ssh-ed25519 AAAA…`).
    let hostKey: String
    /// The private key listed in authorized_keys.
    let authorizedKey: String
    /// A private key that is not listed.
    let unknownKey: String
    private let directory: String
    private let pid: pid_t

    /// Starts sshd with its files in `directory` (created).
    init(directory: String) throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/sshd") else {
            throw FixtureError("sshd is not installed: run scripts/ensure-deps.sh (make test does)")
        }
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // sshd's compiled-in privilege separation directory (made by the init system normally).
        if !FileManager.default.fileExists(atPath: "/run/sshd") {
            try FileManager.default.createDirectory(
                atPath: "/run/sshd", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        }
        for name in ["host_ed25519", "client_ed25519", "unknown_ed25519"] {
            let made = try Tool.execute(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", directory + "/" + name])
            guard made.status == 0 else { throw FixtureError("ssh-keygen failed: \(made.output)") }
        }
        authorizedKey = directory + "/client_ed25519"
        unknownKey = directory + "/unknown_ed25519"
        let hostPublic = try String(contentsOfFile: directory + "/host_ed25519.pub", encoding: .utf8)
        hostKey = hostPublic.split(separator: " ").prefix(2).joined(separator: " ")
        try FileManager.default.copyItem(atPath: authorizedKey + ".pub", toPath: directory + "/authorized_keys")
        user = String(cString: getpwuid(geteuid()).pointee.pw_name)
        var lastError = ""
        for _ in 0..<10 {
            let port = freeLoopbackPort()
            let config = """
                ListenAddress 127.0.0.1
                Port \(port)
                HostKey \(directory)/host_ed25519
                AuthorizedKeysFile \(directory)/authorized_keys
                PubkeyAuthentication yes
                PasswordAuthentication no
                KbdInteractiveAuthentication no
                PermitRootLogin prohibit-password
                StrictModes no
                UsePAM no
                UseDNS no
                MaxAuthTries 6
                PidFile \(directory)/sshd.pid
                LogLevel VERBOSE

                """
            try config.write(toFile: directory + "/sshd_config", atomically: true, encoding: .utf8)
            _ = FileManager.default.createFile(atPath: directory + "/sshd.log", contents: nil)
            let pid = try Self.spawn(
                ["/usr/sbin/sshd", "-f", directory + "/sshd_config", "-D", "-e"], log: directory + "/sshd.log")
            if Self.waitForPort(port, pid: pid) {
                self.port = port
                self.pid = pid
                // Let the readiness probe's connection be logged in full, so `log(since:)` of a
                // later offset holds only the tool's connections.
                for _ in 0..<40 where !log.contains("Connection closed") { usleep(50_000) }
                return
            }
            Self.stop(pid)
            lastError = (try? String(contentsOfFile: directory + "/sshd.log", encoding: .utf8)) ?? ""
        }
        throw FixtureError("sshd did not start: \(lastError)")
    }

    deinit { Self.stop(pid) }

    /// Starts `argv` with stdin/stdout on /dev/null and stderr appended to `log`. Not through
    /// Foundation's `Process`: sshd closes every inherited descriptor at startup, including the
    /// socket Process watches for the child's exit, after which Process blocks in `wait4` on the
    /// still-running sshd and never reaps any other child (every later `waitUntilExit` hangs).
    private static func spawn(_ argv: [String], log: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, log, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        let cArgs = argv.map { strdup($0) } + [nil]
        defer { for arg in cArgs { free(arg) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, argv[0], &actions, nil, cArgs, environ)
        guard status == 0 else { throw FixtureError("posix_spawn \(argv[0]) failed: \(String(cString: strerror(status)))") }
        return pid
    }

    /// Waits until 127.0.0.1:`port` accepts connections (false when `pid` exits or 10 s pass).
    private static func waitForPort(_ port: Int, pid: pid_t) -> Bool {
        Loopback.waitUntilListening(port) {
            var status: Int32 = 0
            return waitpid(pid, &status, WNOHANG) != pid  // reaped here means it exited
        }
    }

    /// Ends sshd (SIGTERM, then SIGKILL after 2 s) and reaps it.
    private static func stop(_ pid: pid_t) {
        var status: Int32 = 0
        guard kill(pid, SIGTERM) == 0 else { _ = waitpid(pid, &status, WNOHANG); return }
        for _ in 0..<40 {
            if waitpid(pid, &status, WNOHANG) == pid { return }
            usleep(50_000)
        }
        kill(pid, SIGKILL)
        _ = waitpid(pid, &status, 0)
    }

    /// `ssh://USER@127.0.0.1:PORT<path>` for an absolute `path`.
    func url(_ path: String) -> String { "ssh://\(user)@127.0.0.1:\(port)\(path)" }

    /// The `known_hosts` line for this server (`[127.0.0.1]:PORT ssh-ed25519 AAAA…`).
    var knownHostsLine: String { "[127.0.0.1]:\(port) \(hostKey)\n" }

    /// sshd's log so far.
    var log: String { (try? String(contentsOfFile: directory + "/sshd.log", encoding: .utf8)) ?? "" }

    /// The log written after `offset` (a previous `log.utf8.count`), once every connection in it
    /// has been closed (sshd logs a connection's end a moment after the client is gone).
    func log(since offset: Int) -> String {
        var text = ""
        for _ in 0..<60 {
            text = String(decoding: Array(log.utf8.dropFirst(offset)), as: UTF8.self)
            let opened = text.components(separatedBy: "Connection from ").count - 1
            let closed = text.split(whereSeparator: \.isNewline).filter {  // sshd -e ends lines with \r\n
                $0.contains("Connection closed") || $0.contains("Disconnected from") || $0.contains("Close session")
                    || $0.contains("Connection reset")
            }.count
            if closed >= opened { break }
            usleep(50_000)
        }
        return text
    }
}
