import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A minimal GitHub REST client over `URLSession`: JSON in and out, the token in the
/// `Authorization` header only, redirects refused (so the header never follows one to another
/// host), retries per `RetryPolicy`. Every message it produces is redacted.
final class GitHubClient: Sendable {
    /// The API root, e.g. `https://api.github.com`.
    let baseURL: URL
    private let token: String
    let policy: RetryPolicy
    private let redactor: Redactor
    private let tokenRedactor: Redactor
    private let session: URLSession

    /// A response.
    struct Response: Sendable {
        let status: Int
        let headers: [String: String]
        let data: Data
    }

    init(baseURL: URL, token: String, policy: RetryPolicy, redactor: Redactor) {
        self.baseURL = baseURL
        self.token = token
        self.policy = policy
        self.redactor = redactor
        self.tokenRedactor = Redactor(secrets: [token])
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 30
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        self.session = URLSession(configuration: configuration, delegate: RedirectRefuser(), delegateQueue: nil)
    }

    deinit { session.finishTasksAndInvalidate() }

    /// Sends `method path` with an optional JSON body; retries what `RetryPolicy` says to retry.
    /// - Returns: the response for a 2xx status.
    /// - Throws: `GitHubError` for anything else (after the retries).
    func send(
        _ method: String, _ path: String, query: [URLQueryItem] = [], body: (any Encodable & Sendable)? = nil,
        operation: String
    ) async throws(GitHubError) -> Response {
        guard var components = URLComponents(url: baseURL, resolvingAgainstBaseURL: false) else {
            throw GitHubError(operation: operation, status: nil, message: "invalid API URL \(baseURL)", attempts: 0)
        }
        components.path = components.path.hasSuffix("/") ? String(components.path.dropLast()) + path : components.path + path
        if !query.isEmpty { components.queryItems = query }
        guard let url = components.url else {
            throw GitHubError(operation: operation, status: nil, message: "cannot build a URL for \(path)", attempts: 0)
        }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/vnd.github+json", forHTTPHeaderField: "Accept")
        request.setValue("2022-11-28", forHTTPHeaderField: "X-GitHub-Api-Version")
        request.setValue("release-mirror/\(RunEnvironment.toolVersion)", forHTTPHeaderField: "User-Agent")
        if let body {
            do {
                request.httpBody = try JSONEncoder().encode(body)
            } catch {
                throw GitHubError(operation: operation, status: nil, message: "cannot encode the request: \(error)", attempts: 0)
            }
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }

        var attempt = 0
        while true {
            attempt += 1
            var failure: GitHubError
            var headers: [String: String] = [:]
            do {
                let (data, response) = try await session.data(for: request)
                guard let http = response as? HTTPURLResponse else {
                    throw URLError(.badServerResponse)
                }
                for (key, value) in http.allHeaderFields {
                    if let key = key as? String, let value = value as? String { headers[key.lowercased()] = value }
                }
                if (200..<300).contains(http.statusCode) { return Response(status: http.statusCode, headers: headers, data: data) }
                let text = String(decoding: data.prefix(2000), as: UTF8.self)
                failure = GitHubError(
                    operation: operation, status: http.statusCode,
                    message: redact(
                        GitHubClient.explain(
                            status: http.statusCode, body: text, headers: headers,
                            permission: operation.contains("GitHub Release") ? "contents: write" : "issues: write")),
                    attempts: attempt)
                guard RetryPolicy.isRetryable(status: http.statusCode, headers: headers, body: text) else { throw failure }
            } catch let error as GitHubError {
                throw error
            } catch {
                failure = GitHubError(
                    operation: operation, status: nil,
                    message: redact("\(error.localizedDescription) (\(url.host ?? "?")); check GITHUB_API_URL and the network"),
                    attempts: attempt)
            }
            guard attempt < policy.maxAttempts else { throw failure }
            guard let wait = policy.delay(afterAttempt: attempt, headers: headers) else {
                failure.message += "; the server asks to wait longer than \(policy.maxDelay), so the report is kept locally instead"
                throw failure
            }
            await policy.sleep(wait)
        }
    }

    private func redact(_ text: String) -> String { redactor.redact(tokenRedactor.redact(text)) }

    /// A human reason for a failed status, with what to do.
    /// - Parameter permission: the token permission the request needs (`issues: write`).
    static func explain(status: Int, body: String, headers: [String: String], permission: String = "issues: write") -> String {
        let message = (try? JSONDecoder().decode(Message.self, from: Data(body.utf8)))?.message ?? body
        switch status {
        case 401: return "\(message): the token was refused; set a valid token in RELEASE_MIRROR_TOKEN or the variable named by report.token-env"
        case 403 where headers["x-ratelimit-remaining"] == "0" || message.localizedCaseInsensitiveContains("rate limit"):
            return "\(message): rate limited"
        case 403: return "\(message): the token lacks permission (it needs `\(permission)` on report.github-repository)"
        case 404: return "\(message): report.github-repository does not exist or the token cannot see it"
        case 410: return "\(message): issues are disabled on report.github-repository"
        case 422: return "\(message): GitHub rejected the request (labels in report.labels must be valid names)"
        default: return message.isEmpty ? "HTTP \(status)" : message
        }
    }

    private struct Message: Decodable { let message: String }
}

/// Refuses every redirect, so the `Authorization` header is never replayed to another host.
private final class RedirectRefuser: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}
