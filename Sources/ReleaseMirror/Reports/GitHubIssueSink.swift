import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Files break reports as GitHub issues through the REST API (SPEC §8), in the manner of
/// semantic-release's GitHub plugin: one issue per fingerprint. It lists the repository's open
/// issues carrying `report.labels` (the list endpoint, not search: search is eventually consistent)
/// and finds ours by the `<!-- release-mirror:fingerprint=… -->` marker in the body; a report whose
/// fingerprint has an open issue becomes a comment on it, otherwise a new issue with the labels;
/// a cleared condition closes its issue with a comment.
///
/// The API root is `GITHUB_API_URL` (default `https://api.github.com`); the token comes from
/// `RELEASE_MIRROR_TOKEN`, else the variable named by `report.token-env`. It is sent only in the
/// `Authorization` header, only over HTTPS (plain HTTP only to a loopback host), and never printed.
public struct GitHubIssueSink: Sendable {
    /// `owner/name`.
    public let repository: String
    /// Labels put on new issues, and used to list candidates.
    public let labels: [String]
    let client: GitHubClient

    /// An open issue of ours.
    public struct OpenIssue: Sendable, Equatable {
        /// The issue number.
        public var number: Int
        /// Its web URL.
        public var url: String
        /// The fingerprint in its marker.
        public var fingerprint: String
    }

    /// What filing a report did.
    public enum Filing: Sendable, Equatable {
        /// A new issue.
        case created(OpenIssue)
        /// A comment on the open issue with the same fingerprint.
        case commented(OpenIssue)
    }

    /// The sink for `configuration`, or `nil` when `report.github-repository` is empty.
    /// - Throws: `MirrorError.configuration` when the repository is set but no token is available
    ///   or `GITHUB_API_URL` is unusable (the caller warns and keeps reports locally).
    public static func make(
        configuration: Configuration, variables: [String: String], redactor: Redactor, retry: RetryPolicy = .standard
    ) throws(MirrorError) -> GitHubIssueSink? {
        guard
            let client = try GitHubClient.make(
                configuration: configuration, variables: variables, redactor: redactor, retry: retry,
                purpose: "no issue can be filed")
        else { return nil }
        return GitHubIssueSink(
            repository: configuration.report.githubRepository, labels: configuration.report.labels, client: client)
    }

    var issuesPath: String { "/repos/\(repository)/issues" }

    /// Our open issues, keyed by fingerprint (the oldest issue wins if a fingerprint has twins).
    public func openIssues() async throws(GitHubError) -> [String: OpenIssue] {
        var result: [String: OpenIssue] = [:]
        for page in 1...10 {
            var query = [
                URLQueryItem(name: "state", value: "open"), URLQueryItem(name: "per_page", value: "100"),
                URLQueryItem(name: "page", value: String(page)),
            ]
            if !labels.isEmpty { query.append(URLQueryItem(name: "labels", value: labels.joined(separator: ","))) }
            let response = try await client.send("GET", issuesPath, query: query, operation: "list open issues of \(repository)")
            let issues: [Issue]
            do { issues = try JSONDecoder().decode([Issue].self, from: response.data) } catch {
                throw GitHubError(
                    operation: "list open issues of \(repository)", status: response.status,
                    message: "unexpected response: \(error)", attempts: 1)
            }
            for issue in issues where issue.pullRequest == nil {
                guard let fingerprint = GitHubIssueSink.fingerprint(in: issue.body ?? "") else { continue }
                if let known = result[fingerprint], known.number < issue.number { continue }
                result[fingerprint] = OpenIssue(number: issue.number, url: issue.htmlURL ?? "", fingerprint: fingerprint)
            }
            if issues.count < 100 { break }
        }
        return result
    }

    /// Comments on `existing` when given, else opens a new issue with the labels.
    public func file(_ report: BreakReport, existing: OpenIssue?) async throws(GitHubError) -> Filing {
        if let existing {
            let text = "**Seen again** on \(report.created)" + (report.runURL.map { " — [CI run](\($0))" } ?? "") + "\n\n"
                + GitHubIssueSink.strippingMarker(report.body)
            _ = try await client.send(
                "POST", "\(issuesPath)/\(existing.number)/comments", body: CommentBody(body: text),
                operation: "comment on issue #\(existing.number) of \(repository)")
            return .commented(existing)
        }
        let response = try await client.send(
            "POST", issuesPath, body: NewIssue(title: report.title, body: report.body, labels: labels),
            operation: "create an issue in \(repository)")
        guard let issue = try? JSONDecoder().decode(Issue.self, from: response.data) else {
            throw GitHubError(
                operation: "create an issue in \(repository)", status: response.status,
                message: "the response carries no issue number", attempts: 1)
        }
        return .created(OpenIssue(number: issue.number, url: issue.htmlURL ?? "", fingerprint: report.fingerprint))
    }

    /// Comments `comment` on `issue`, then closes it as completed.
    public func close(_ issue: OpenIssue, comment: String) async throws(GitHubError) {
        _ = try await client.send(
            "POST", "\(issuesPath)/\(issue.number)/comments", body: CommentBody(body: comment),
            operation: "comment on issue #\(issue.number) of \(repository)")
        _ = try await client.send(
            "PATCH", "\(issuesPath)/\(issue.number)", body: StateBody(state: "closed", stateReason: "completed"),
            operation: "close issue #\(issue.number) of \(repository)")
    }

    /// The fingerprint in a body's marker, if any.
    public static func fingerprint(in body: String) -> String? {
        guard let start = body.range(of: "<!-- release-mirror:fingerprint=") else { return nil }
        guard let end = body.range(of: " -->", range: start.upperBound..<body.endIndex) else { return nil }
        let value = String(body[start.upperBound..<end.lowerBound])
        return value.isEmpty || value.contains("\n") ? nil : value
    }

    static func strippingMarker(_ body: String) -> String {
        body.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("<!-- release-mirror:fingerprint=") }
            .joined(separator: "\n").trimmingCharacters(in: .newlines)
    }

    private struct Issue: Decodable {
        let number: Int
        let htmlURL: String?
        let body: String?
        let pullRequest: PullRequestLink?
        enum CodingKeys: String, CodingKey {
            case number, body
            case htmlURL = "html_url"
            case pullRequest = "pull_request"
        }
    }
    private struct PullRequestLink: Decodable {}
    private struct NewIssue: Encodable, Sendable {
        let title: String
        let body: String
        let labels: [String]
    }
    private struct CommentBody: Encodable, Sendable { let body: String }
    private struct StateBody: Encodable, Sendable {
        let state: String
        let stateReason: String
        enum CodingKeys: String, CodingKey {
            case state
            case stateReason = "state_reason"
        }
    }
}
