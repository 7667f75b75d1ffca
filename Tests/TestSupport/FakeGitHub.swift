import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A real HTTP server on 127.0.0.1 implementing the GitHub issue and release endpoints release-mirror uses
/// (Tests/Fixtures/github/fake_github.py), with control endpoints to make requests fail and to
/// read what it holds. Killed (SIGKILL) when the value is released.
public final class FakeGitHub {
    /// The port it listens on.
    public let port: Int
    /// The token it accepts (`Authorization: Bearer <token>`).
    public let token: String
    private let process: Process

    /// The value for `GITHUB_API_URL`.
    public var apiURL: String { "http://127.0.0.1:\(port)" }

    /// An issue as the server holds it.
    public struct Issue: Decodable, Sendable {
        public let number: Int
        public let title: String
        public let body: String
        public let state: String
        public let labels: [String]
        public let comments: [String]
    }

    /// A GitHub Release as the server holds it.
    public struct Release: Decodable, Sendable {
        public let id: Int
        public let tagName: String
        public let name: String
        public let body: String
        enum CodingKeys: String, CodingKey {
            case id, name, body
            case tagName = "tag_name"
        }
    }

    /// A request the server received (control requests excluded).
    public struct Request: Decodable, Sendable {
        public let method: String
        public let path: String
        /// Whether it carried the expected token.
        public let authorized: Bool
    }

    /// Everything the server holds.
    public struct State: Decodable, Sendable {
        public let issues: [Issue]
        public let releases: [Release]
        public let requests: [Request]
    }

    /// Starts the server and waits until it listens.
    public init(token: String) throws {
        self.token = token
        let script = Upstream.packageRoot + "/Tests/Fixtures/github/fake_github.py"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--token", token]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var buffer = Data()
        let deadline = Date().addingTimeInterval(20)
        while !buffer.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty || Date() > deadline {
                kill(process.processIdentifier, SIGKILL)
                throw FixtureError("fake GitHub did not start (\(script))")
            }
            buffer.append(chunk)
        }
        let line = String(decoding: buffer, as: UTF8.self).split(separator: "\n").first ?? ""
        guard line.hasPrefix("PORT "), let port = Int(line.dropFirst(5)) else {
            kill(process.processIdentifier, SIGKILL)
            throw FixtureError("fake GitHub printed \(line)")
        }
        self.port = port
        self.process = process
    }

    deinit {
        // SIGKILL: a child spawned from the test runner may inherit an ignored SIGTERM.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Makes the next `count` API requests fail with `status` (and `Retry-After` when given).
    public func failNext(_ count: Int, status: Int = 502, retryAfter: String? = nil) throws {
        var body: [String: Any] = ["count": count, "status": status]
        if let retryAfter { body["retry_after"] = retryAfter }
        _ = try call("POST", "/_control/fail", body: try JSONSerialization.data(withJSONObject: body))
    }

    /// Adds a release to `repository` directly (as a person would through the web UI).
    public func addRelease(repository: String, tag: String, body: String) throws {
        let payload: [String: Any] = ["repo": repository, "tag_name": tag, "body": body]
        _ = try call("POST", "/_control/release", body: try JSONSerialization.data(withJSONObject: payload))
    }

    /// The issues and requests the server holds.
    public func state() throws -> State {
        try JSONDecoder().decode(State.self, from: try call("GET", "/_control/state", body: nil))
    }

    private func call(_ method: String, _ path: String, body: Data?) throws -> Data {
        var request = URLRequest(url: URL(string: apiURL + path)!)
        request.httpMethod = method
        request.httpBody = body
        request.timeoutInterval = 10
        let result = Box()
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { data, response, error in
            result.set(data, (response as? HTTPURLResponse)?.statusCode, error)
            done.signal()
        }.resume()
        done.wait()
        let (data, status, error) = result.get()
        guard let data, status == 200 else {
            throw FixtureError("fake GitHub \(method) \(path): \(status.map(String.init) ?? "no response") \(error.map { "\($0)" } ?? "")")
        }
        return data
    }

    /// Carries a completion handler's values to the waiting thread.
    private final class Box: Sendable {
        private let lock = NSLock()
        // Written once by the completion handler and read after the semaphore, both under `lock`.
        nonisolated(unsafe) private var value: (Data?, Int?, (any Error)?) = (nil, nil, nil)
        func set(_ data: Data?, _ status: Int?, _ error: (any Error)?) { lock.withLock { value = (data, status, error) } }
        func get() -> (Data?, Int?, (any Error)?) { lock.withLock { value } }
    }
}
