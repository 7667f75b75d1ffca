import Foundation
internal import Git
internal import MirrorSystem

/// The mirror repository of one configuration, opened (or created) and ready for the engine:
/// resolved remote URL, credentials, redactor.
public final class MirrorWorkspace {
    /// The configuration.
    public let configuration: Configuration
    /// The mirror repository.
    let repository: Repository
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
        self.redactor = Redactor(environment: environment.variables, configuration: configuration)
        let path = configuration.mirror.repository
        try MirrorLocation(configuration: configuration).check()
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
    func lock(timeout: Double) throws(MirrorError) -> RepositoryLock {
        do {
            return try RepositoryLock(gitDirectory: repository.gitDirectory, timeout: timeout)
        } catch {
            switch error {
            case .held(_, let pid): throw .locked(path: configuration.mirror.repository, pid: pid)
            case let .failed(operation, message):
                throw .git(GitError(code: .invalid, message: message, operation: operation), context: "lock the mirror repository")
            }
        }
    }

    /// Takes the run lock for a command that moves branches (sync, accept-rewrite), refusing a work
    /// tree that has one of them checked out (exit 2; see `CheckedOutBranch`).
    func lockForBranchUpdates(timeout: Double) throws(MirrorError) -> RepositoryLock {
        let lock = try self.lock(timeout: timeout)
        let head: String?
        do { head = try repository.reference("HEAD")?.symbolicTarget } catch { throw failure(error, "read HEAD of the mirror repository") }
        let managed = ManagedRefs(configuration: configuration)
        let path = repository.workDirectory.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? configuration.mirror.repository
        if let refusal = CheckedOutBranch.refusal(path: path, isBare: repository.isBare, head: head, isManaged: managed.contains) {
            throw .configuration(file: configuration.file, line: 0, key: "mirror.repository", message: refusal)
        }
        return lock
    }

    /// The URL pushes go to: `mirror.remote` as a configured remote name of the mirror repository,
    /// else as a URL or path. `nil` when `mirror.remote` is empty. Its text form masks credentials.
    func remoteURL() throws(MirrorError) -> RemoteURL? {
        let value = configuration.mirror.remote
        if value.isEmpty { return nil }
        guard let name = value.pathOrName else { return value }
        if !name.contains("/") {
            do {
                if let url = try repository.configuredRemoteURL(named: name) { return RemoteURL(url) }
            } catch {
                throw failure(error, "look up mirror.remote \"\(name)\"")
            }
        }
        let path = ConfigurationLoader.absolutePath(name, base: (configuration.file as NSString).deletingLastPathComponent)
        if FileManager.default.fileExists(atPath: path) { return RemoteURL(path) }
        throw .configuration(
            file: configuration.file, line: 0, key: "mirror.remote",
            message: "\"\(name)\" is neither a remote of \(configuration.mirror.repository), a URL, nor an existing path; "
                + "set it to the mirror's push URL, or to \"\" to not push")
    }

    /// Pushes `refspecs` to `url` with this mirror's credentials (see `Remote.push`). Only the
    /// remote's branch tips, notes and records serve as the base for choosing what to send: they
    /// already cover every tag and release branch, and libgit2 would otherwise walk the tree of
    /// each of the thousands of refs the remote advertises.
    func push(
        _ refspecs: [String], to url: RemoteURL, leases: [String: ObjectID] = [:], deletions: [String: ObjectID] = [:],
        progress: ((RunEvent.PushProgress) -> Void)? = nil
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
            refspecs: refspecs, leases: leases, deletions: deletions, credentials: mirrorCredentials(for: url),
            negotiationBase: { managed.isNegotiationBase($0) },
            progress: progress.map { report in { (upload: PushProgress) in report(RunEvent.PushProgress(upload)) } })
    }

    /// Wraps a Git-layer error with what the tool was doing, secrets redacted.
    func failure(_ error: GitError, _ context: String) -> MirrorError {
        let clean = GitError(
            code: error.code, errorClass: error.errorClass, message: redactor.redact(error.message),
            operation: redactor.redact(error.operation), rejections: error.rejections)
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
