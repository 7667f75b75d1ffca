import Foundation

/// Creates or updates the GitHub Release of a mirror tag in `report.github-repository`, with a
/// release note as its body (`ledger notes TAG --github`), through the same client, token rules
/// and retries as break reports. A body is replaced only when it is release-mirror's own and
/// untouched (`ReleaseNotes.ownership`): a body a person wrote or edited is kept.
public struct GitHubReleaseSink: Sendable {
    /// `owner/name`.
    public let repository: String
    let client: GitHubClient

    /// What publishing did.
    public enum Outcome: Sendable, Equatable, Codable {
        /// A new release; its web URL.
        case created(String)
        /// Our earlier body replaced.
        case updated(String)
        /// Our body already says this.
        case unchanged(String)
        /// The body is a person's (edited, or without our marker): nothing changed.
        case keptPersonEdited(String)
    }

    /// The sink for `configuration`, or `nil` when `report.github-repository` is empty.
    public static func make(
        configuration: Configuration, variables: [String: String], redactor: Redactor, retry: RetryPolicy = .standard
    ) throws(MirrorError) -> GitHubReleaseSink? {
        guard
            let client = try GitHubClient.make(
                configuration: configuration, variables: variables, redactor: redactor, retry: retry,
                purpose: "no GitHub Release can be written")
        else { return nil }
        return GitHubReleaseSink(repository: configuration.report.githubRepository, client: client)
    }

    var releasesPath: String { "/repos/\(repository)/releases" }

    /// Creates the release of `tag` with `body` (marked), or updates a body of ours.
    public func publish(tag: String, body: String) async throws(GitHubError) -> Outcome {
        let marked = ReleaseNotes.marked(body, tag: tag)
        guard let existing = try await release(tag: tag) else {
            let response = try await client.send(
                "POST", releasesPath, body: NewRelease(tagName: tag, name: tag, body: marked),
                operation: "create the GitHub Release of \(tag) in \(repository)")
            let created = try? JSONDecoder().decode(Release.self, from: response.data)
            return .created(created?.htmlURL ?? "")
        }
        let url = existing.htmlURL ?? ""
        let current = existing.body ?? ""
        switch ReleaseNotes.ownership(of: current) {
        case .foreign, .edited:
            return .keptPersonEdited(url)
        case .ours:
            if ReleaseNotes.normalised(current) == ReleaseNotes.normalised(marked) { return .unchanged(url) }
            _ = try await client.send(
                "PATCH", "\(releasesPath)/\(existing.id)", body: BodyUpdate(body: marked),
                operation: "update the GitHub Release of \(tag) in \(repository)")
            return .updated(url)
        }
    }

    /// The release whose tag is `tag`, from the list endpoint (tag names hold `/` and `@`).
    func release(tag: String) async throws(GitHubError) -> Release? {
        let operation = "list the GitHub Releases of \(repository)"
        for page in 1...50 {
            let query = [URLQueryItem(name: "per_page", value: "100"), URLQueryItem(name: "page", value: String(page))]
            let response = try await client.send("GET", releasesPath, query: query, operation: operation)
            let releases: [Release]
            do { releases = try JSONDecoder().decode([Release].self, from: response.data) } catch {
                throw GitHubError(operation: operation, status: response.status, message: "unexpected response: \(error)", attempts: 1)
            }
            if let found = releases.first(where: { $0.tagName == tag }) { return found }
            if releases.count < 100 { break }
        }
        return nil
    }

    struct Release: Decodable {
        let id: Int
        let tagName: String
        let body: String?
        let htmlURL: String?
        enum CodingKeys: String, CodingKey {
            case id, body
            case tagName = "tag_name"
            case htmlURL = "html_url"
        }
    }
    private struct NewRelease: Encodable, Sendable {
        let tagName: String
        let name: String
        let body: String
        enum CodingKeys: String, CodingKey {
            case name, body
            case tagName = "tag_name"
        }
    }
    private struct BodyUpdate: Encodable, Sendable { let body: String }
}
