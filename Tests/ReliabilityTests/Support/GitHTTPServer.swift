import Foundation
import TestSupport

/// A real git smart-HTTP server on loopback: `git http-backend` (CGI) behind lighttpd (Debian's
/// `lighttpd`, installed by scripts/ensure-deps.sh), with HTTP basic auth on every request and,
/// optionally, TLS with a freshly generated self-signed certificate. Serves every bare repository
/// under `root` as `/git/<name>`. Pushes run the repositories' hooks, as on a real server. Only the
/// paths in `protectedPaths` ask for credentials (a 401 to a request without the right ones); the
/// access log records every request's status, `Authorization` header and `Host`.
final class GitHTTPServer {
    /// The directory holding the served repositories.
    let root: String
    /// The port on 127.0.0.1.
    let port: Int
    /// Whether it speaks HTTPS.
    let tls: Bool
    /// The self-signed certificate (PEM), when `tls`: what RELEASE_MIRROR_CA_FILE must name.
    let certificate: String?
    /// The user name the token is sent with (what libgit2 sends for a token).
    static let user = "x-access-token"
    private let directory: String
    private let process: Process

    /// Starts lighttpd serving `root`, accepting `GitHTTPServer.user` with password `token` on
    /// `protectedPaths` (URL path prefixes; every path under `/git` by default). With
    /// `redirectToLocalhost`, `/moved/<name>` answers a redirect to `…://localhost:PORT/git/<name>`:
    /// the same server under another host name.
    init(
        root: String, token: String, tls: Bool = false, protectedPaths: [String] = ["/git"],
        redirectToLocalhost: Bool = false
    ) throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/lighttpd") else {
            throw FixtureError("lighttpd is not installed: run scripts/ensure-deps.sh (make test does)")
        }
        self.root = root
        self.tls = tls
        directory = root + "-httpd"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "\(GitHTTPServer.user):\(token)\n".write(toFile: directory + "/users", atomically: true, encoding: .utf8)
        var certificate: String?
        if tls {
            let cert = directory + "/cert.pem"
            let key = directory + "/key.pem"
            let made = try Tool.execute([
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=DNS:127.0.0.1,IP:127.0.0.1,DNS:localhost",
            ])
            guard made.status == 0 else { throw FixtureError("openssl req failed: \(made.output)") }
            let pem = try String(contentsOfFile: cert, encoding: .utf8) + String(contentsOfFile: key, encoding: .utf8)
            try pem.write(toFile: directory + "/server.pem", atomically: true, encoding: .utf8)
            certificate = cert
        }
        self.certificate = certificate
        let backend = try Shell.run(["git", "--exec-path"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            + "/git-http-backend"
        var lastError = ""
        for _ in 0..<10 {
            let port = freeLoopbackPort()
            let scheme = tls ? "https" : "http"
            let requirements = protectedPaths.map {
                "\"\($0)\" => ( \"method\" => \"basic\", \"realm\" => \"git\", \"require\" => \"valid-user\" )"
            }.joined(separator: ", ")
            var config = """
                server.document-root = "\(root)"
                server.bind = "127.0.0.1"
                server.port = \(port)
                server.modules = ("mod_access", "mod_alias", "mod_auth", "mod_authn_file", "mod_cgi", "mod_setenv", "mod_accesslog", "mod_redirect"\(tls ? ", \"mod_openssl\"" : ""))
                server.errorlog = "\(directory)/error.log"
                accesslog.filename = "|/bin/cat >> \(directory)/access.log"
                accesslog.format = "%s %{Authorization}i \\"%r\\" %{Host}i"
                alias.url = ( "/git" => "\(backend)" )
                $HTTP["url"] =~ "^/git" {
                  cgi.assign = ( "" => "" )
                  setenv.add-environment = ( "GIT_PROJECT_ROOT" => "\(root)", "GIT_HTTP_EXPORT_ALL" => "", "GIT_CONFIG_NOSYSTEM" => "1" )
                }
                auth.backend = "plain"
                auth.backend.plain.userfile = "\(directory)/users"
                \(requirements.isEmpty ? "" : "auth.require = ( \(requirements) )")

                """
            if redirectToLocalhost {
                config += "url.redirect = ( \"^/moved/(.*)$\" => \"\(scheme)://localhost:\(port)/git/$1\" )\n"
            }
            if tls { config += "ssl.engine = \"enable\"\nssl.pemfile = \"\(directory)/server.pem\"\n" }
            try config.write(toFile: directory + "/lighttpd.conf", atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/lighttpd")
            process.arguments = ["-D", "-f", directory + "/lighttpd.conf"]
            let err = Pipe()
            process.standardError = err
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            if waitForLoopbackPort(port, process: process) {
                self.port = port
                self.process = process
                return
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            lastError = String(decoding: err.fileHandleForReading.availableData, as: UTF8.self)
                + ((try? String(contentsOfFile: directory + "/error.log", encoding: .utf8)) ?? "")
        }
        throw FixtureError("lighttpd did not start: \(lastError)")
    }

    deinit {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// `http(s)://127.0.0.1:PORT/git/<name>`.
    func url(_ name: String, port: Int? = nil) -> String {
        "\(tls ? "https" : "http")://127.0.0.1:\(port ?? self.port)/git/\(name)"
    }

    /// Requests refused for wrong credentials (lighttpd's "password doesn't match" lines).
    var refusedAuthentications: Int {
        let log = (try? String(contentsOfFile: directory + "/error.log", encoding: .utf8)) ?? ""
        return log.components(separatedBy: "password doesn't match").count - 1
    }

    /// The access log: one `status authorization "request"` line per request.
    var accessLog: String { (try? String(contentsOfFile: directory + "/access.log", encoding: .utf8)) ?? "" }

    /// One request from the access log.
    struct LoggedRequest: CustomStringConvertible {
        let status: Int
        /// The `Authorization` header, `nil` when the request had none.
        let authorization: String?
        /// The request line, e.g. `GET /git/up.git/info/refs?service=git-upload-pack HTTP/1.1`.
        let request: String
        /// The `Host` header, e.g. `127.0.0.1:8080`.
        let host: String
        /// The `user:password` a Basic header carries, decoded.
        var basicCredentials: String? {
            guard let authorization, authorization.hasPrefix("Basic "),
                let data = Data(base64Encoded: String(authorization.dropFirst(6)))
            else { return nil }
            return String(decoding: data, as: UTF8.self)
        }
        var description: String { "\(status) \(authorization ?? "-") \"\(request)\" \(host)" }
    }

    /// Waits until the requests made so far are in the access log (lighttpd buffers a log file for
    /// seconds, so it writes to a pipe instead; this gives the pipe's reader time to write).
    func waitForAccessLog() { Thread.sleep(forTimeInterval: 0.3) }

    /// Every request so far, from the access log (call `waitForAccessLog()` after making them).
    var requests: [LoggedRequest] {
        accessLog.split(separator: "\n").compactMap { line in
            guard let open = line.range(of: " \""), let close = line.range(of: "\" ", options: .backwards),
                open.upperBound <= close.lowerBound, let space = line.firstIndex(of: " "), let status = Int(line[..<space])
            else { return nil }
            let authorization = line[line.index(after: space)..<open.lowerBound]
            return LoggedRequest(
                status: status, authorization: authorization == "-" ? nil : String(authorization),
                request: String(line[open.upperBound..<close.lowerBound]), host: String(line[close.upperBound...]))
        }
    }

    /// The requests whose path starts with `/git/<name>` (or `/moved/<name>`).
    func requests(to name: String) -> [LoggedRequest] {
        requests.filter { $0.request.contains(" /git/\(name)") || $0.request.contains(" /moved/\(name)") }
    }

    /// Requests that carried credentials and were still refused with 401 (from the access log).
    var refusedRequestsWithCredentials: Int {
        accessLog.split(separator: "\n").filter { $0.hasPrefix("401 Basic ") }.count
    }

    /// The server's own files (config, logs, certificate), for a token search that must skip them.
    var serverDirectory: String { directory }
}
