import Foundation
import Git

/// The mirror repository of one configuration, opened (or created) and ready for the engine:
/// resolved remote URL, credentials, redactor.
public final class MirrorWorkspace {
    /// The configuration.
    public let configuration: Configuration
    /// The mirror repository.
    public let repository: Repository
    /// The outside world.
    public let environment: RunEnvironment
    /// Strips secrets from everything that leaves the process.
    public let redactor: Redactor

    /// Opens the mirror repository named by the configuration.
    /// - Parameter create: create a bare repository when none exists (sync, init); otherwise a
    ///   missing repository is an error that says to run `sync` first.
    public init(configuration: Configuration, environment: RunEnvironment, create: Bool) throws(MirrorError) {
        self.configuration = configuration
        self.environment = environment
        self.redactor = Redactor(environment: environment.variables, tokenEnv: configuration.report.tokenEnv)
        let path = configuration.mirror.repository
        do {
            if create {
                repository = try Repository.openOrCreate(at: path, bare: true)
            } else {
                repository = try Repository.open(at: path)
            }
        } catch {
            if error.isNotFound {
                throw .configuration(
                    file: configuration.file, line: 0, key: "mirror.repository",
                    message: "no git repository at \(path); run `release-mirror sync` to create the mirror first")
            }
            throw .git(error, context: "mirror repository (mirror.repository = \(path))")
        }
    }

    /// Takes the run lock (exit 6 when another run holds it).
    public func lock(timeout: Double) throws(MirrorError) -> RepositoryLock {
        do {
            return try RepositoryLock(gitDirectory: repository.gitDirectory, timeout: timeout)
        } catch {
            if error.isLocked { throw .locked(path: configuration.mirror.repository, pid: error.holderPID) }
            throw .git(error, context: "lock the mirror repository")
        }
    }

    /// The URL pushes go to: `mirror.remote` as a configured remote name of the mirror repository,
    /// else as a URL or path. `nil` when `mirror.remote` is empty.
    public func remoteURL() throws(MirrorError) -> String? {
        let value = configuration.mirror.remote
        if value.isEmpty { return nil }
        if value.contains("://") || Credentials.host(of: value) != nil { return value }
        if !value.contains("/") {
            do {
                if let url = try repository.configuredRemoteURL(named: value) { return url }
            } catch {
                throw .git(error, context: "look up mirror.remote \"\(value)\"")
            }
        }
        let path = ConfigurationLoader.absolutePath(value, base: (configuration.file as NSString).deletingLastPathComponent)
        if FileManager.default.fileExists(atPath: path) { return path }
        throw .configuration(
            file: configuration.file, line: 0, key: "mirror.remote",
            message: "\"\(value)\" is neither a remote of \(configuration.mirror.repository), a URL, nor an existing path; "
                + "set it to the mirror's push URL, or to \"\" to not push")
    }

    /// Credentials for contacting `url`: the token from `RELEASE_MIRROR_TOKEN`, else from the
    /// variable named by `report.token-env`; SSH from the agent or `RELEASE_MIRROR_SSH_KEY`.
    public func credentials(for url: String) -> Credentials {
        let variables = environment.variables
        let token = variables["RELEASE_MIRROR_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
            ?? variables[configuration.report.tokenEnv].flatMap { $0.isEmpty ? nil : $0 }
        return Credentials(
            token: token, tokenHost: Credentials.host(of: url),
            sshPrivateKey: variables["RELEASE_MIRROR_SSH_KEY"].flatMap { $0.isEmpty ? nil : $0 })
    }

    /// Pushes `refspecs` to `url` with this mirror's credentials (see `Remote.push`). Only the
    /// remote's branch tips, notes and records serve as the base for choosing what to send: they
    /// already cover every tag and release branch, and libgit2 would otherwise walk the tree of
    /// each of the thousands of refs the remote advertises.
    public func push(
        _ refspecs: [String], to url: String, leases: [String: ObjectID] = [:],
        progress: ((PushProgress) -> Void)? = nil
    ) throws(GitError) -> [String] {
        let managed = ManagedRefs(configuration: configuration)
        let remote = try Remote(repository: repository, url: url)
        defer {
            if !remote.recoveredLocks.isEmpty {
                emit(.warning("removed \(remote.recoveredLocks.count) lock file(s) a killed release-mirror push left in \(url): "
                    + remote.recoveredLocks.joined(separator: ", ")))
            }
        }
        return try remote.push(
            refspecs: refspecs, leases: leases, credentials: credentials(for: url),
            negotiationBase: { managed.isNegotiationBase($0) }, progress: progress)
    }

    /// Wraps a Git-layer error with what the tool was doing, secrets redacted.
    public func failure(_ error: GitError, _ context: String) -> MirrorError {
        let clean = GitError(
            code: error.code, errorClass: error.errorClass, message: redactor.redact(error.message),
            operation: redactor.redact(error.operation), rejections: error.rejections, holderPID: error.holderPID)
        return .git(clean, context: redactor.redact(context))
    }

    /// Sends an event with secrets redacted.
    public func emit(_ event: RunEvent) {
        switch event {
        case .step(let s): environment.events.send(.step(redactor.redact(s)))
        case .detail(let s): environment.events.send(.detail(redactor.redact(s)))
        case .info(let s): environment.events.send(.info(redactor.redact(s)))
        case .warning(let s): environment.events.send(.warning(redactor.redact(s)))
        case .error(let s): environment.events.send(.error(redactor.redact(s)))
        case .hookOutput(let s): environment.events.send(.hookOutput(redactor.redact(s)))
        case .groupBegin(let s): environment.events.send(.groupBegin(redactor.redact(s)))
        default: environment.events.send(event)
        }
    }
}
