import CGitSupport
import Clibgit2
import Foundation
import MirrorSystem

/// A remote addressed by URL, never written to the repository's configuration (an anonymous
/// remote). Fetch refspecs name exactly what is fetched and where it lands.
public final class Remote {
    let pointer: OpaquePointer
    /// Kept alive for as long as the remote, which borrows its handle.
    let repository: Repository
    /// The URL (or path) contacted; its text form masks any credentials in it.
    public let url: RemoteURL
    /// Ref lock files the last push removed from a path origin: left there by a release-mirror
    /// push that died while writing them (see `PathOriginJournal`).
    public private(set) var recoveredLocks: [String] = []

    /// Opens an anonymous remote for `url` on `repository`.
    public init(repository: Repository, url: RemoteURL) throws(GitError) {
        var out: OpaquePointer?
        let rc = git_remote_create_anonymous(&out, repository.pointer, url.forLibgit2)
        if rc < 0 {
            let error = GitError.last(rc, "open remote '\(url)'")
            throw GitError(code: error.code, errorClass: error.errorClass, message: url.redacting(error.message), operation: error.operation)
        }
        guard let out else {
            throw GitError(code: .generic, message: "libgit2 returned no remote", operation: "open remote '\(url)'")
        }
        self.pointer = out
        self.repository = repository
        self.url = url
    }

    /// Opens an anonymous remote for `url` for a fetch that tells the server only `haves` (full ref
    /// names) as what this repository has, instead of every ref.
    ///
    /// libgit2 1.5.1 builds its "have" list from every ref, quadratically (0.2 s for a mirror of
    /// 6,000 refs) and mostly in vain: the server needs only a recent commit it knows. The remote
    /// works on a second handle of `repository` whose ref database answers the negotiation with
    /// `haves` and is the repository's own for everything else, so the fetch writes its refs and
    /// objects exactly where it would otherwise. On another libgit2 than 1.5 (`Libgit2.internals`)
    /// this is an ordinary remote on `repository`: the fetch negotiates from every ref, same result.
    public convenience init(repository: Repository, url: RemoteURL, negotiatingWith haves: [String]) throws(GitError) {
        guard Libgit2.internals.enabled else {
            try self.init(repository: repository, url: url)
            return
        }
        let handle = try Repository.open(at: repository.gitDirectory)
        let operation = "prepare the fetch negotiation for '\(url)'"
        try withStringArray(haves) { (array: inout git_strarray) throws(GitError) in
            let names: [UnsafePointer<CChar>?] = (0..<array.count).map { UnsafePointer(array.strings?[$0]) }
            let rc = names.withUnsafeBufferPointer { gitsupport_use_negotiation_refs(handle.pointer, $0.baseAddress, $0.count) }
            try check(rc, operation)
        }
        try self.init(repository: handle, url: url)
    }

    deinit { git_remote_free(pointer) }

    private func makeCallbacks(_ credentials: Credentials) -> RemoteCallbacks {
        RemoteCallbacks(credentials: credentials, url: url)
    }

    /// The error of a failed network call: credentials in the URL masked (libgit2 may quote the
    /// URL), and a server's request for credentials that got no token explained.
    private func failure(_ rc: Int32, _ operation: String, _ context: RemoteCallbacks) -> GitError {
        var error = GitError.last(rc, operation).explainingNetworkTimeout()
        if context.authenticationExhausted && !error.isAuthenticationFailure {
            error = GitError(
                code: .authentication, errorClass: error.errorClass,
                message: "authentication failed (credentials were refused): \(error.message)",
                operation: operation)
        } else if let declined = context.declined, context.attempts == 0 {
            error = GitError(
                code: .authentication, errorClass: error.errorClass,
                message: declined.message(hint: context.credentials.missingTokenHint), operation: operation)
        }
        return GitError(
            code: error.code, errorClass: error.errorClass, message: url.redacting(error.message),
            operation: url.redacting(error.operation), rejections: error.rejections.map {
                PushRejection(ref: $0.ref, reason: url.redacting($0.reason))
            })
    }

    /// Lists the refs the remote advertises, without fetching anything (`git ls-remote`).
    public func listReferences(credentials: Credentials = .none) throws(GitError) -> [RemoteHead] {
        let operation = "list refs of '\(url)'"
        let context = makeCallbacks(credentials)
        var callbacks = git_remote_callbacks()
        try check(git_remote_init_callbacks(&callbacks, UInt32(GIT_REMOTE_CALLBACKS_VERSION)), operation)
        context.install(into: &callbacks)
        var proxy = git_proxy_options()
        git_proxy_options_init(&proxy, UInt32(GIT_PROXY_OPTIONS_VERSION))
        proxy.type = GIT_PROXY_AUTO
        return try withExtendedLifetime(context) { () throws(GitError) -> [RemoteHead] in
            let rc = git_remote_connect(pointer, GIT_DIRECTION_FETCH, &callbacks, &proxy, nil)
            if rc < 0 { throw failure(rc, operation, context) }
            defer { git_remote_disconnect(pointer) }
            var heads: UnsafeMutablePointer<UnsafePointer<git_remote_head>?>?
            var count = 0
            try check(git_remote_ls(&heads, &count, pointer), operation)
            var result: [RemoteHead] = []
            result.reserveCapacity(count)
            for index in 0..<count {
                guard let head = heads?[index]?.pointee, let name = head.name else { continue }
                result.append(RemoteHead(name: String(cString: name), id: ObjectID(head.oid)))
            }
            return result
        }
    }

    /// Fetches `refspecs` (use `+src:dst` into a private namespace). Tag auto-follow is off; with
    /// `prune`, refs under the refspecs' destinations that the remote no longer has are deleted.
    /// - Returns: the transfer statistics (`receivedObjects == 0` for a no-op fetch).
    @discardableResult
    public func fetch(
        refspecs: [String], prune: Bool, credentials: Credentials = .none,
        progress: ((TransferProgress) -> Bool)? = nil
    ) throws(GitError) -> TransferProgress {
        let operation = "fetch from '\(url)'"
        let context = makeCallbacks(credentials)
        var last = TransferProgress(
            totalObjects: 0, receivedObjects: 0, indexedObjects: 0, localObjects: 0, totalDeltas: 0,
            indexedDeltas: 0, receivedBytes: 0)
        context.onTransfer = { stats in
            last = stats
            return progress?(stats) ?? true
        }
        var options = git_fetch_options()
        try check(git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION)), operation)
        context.install(into: &options.callbacks)
        options.prune = prune ? GIT_FETCH_PRUNE : GIT_FETCH_NO_PRUNE
        options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
        options.update_fetchhead = 0
        options.proxy_opts.type = GIT_PROXY_AUTO
        // A critical section: a signal lets the fetch stop at its next progress callback (the
        // transfer aborts; the refs it would have written are left as they were) before exiting.
        try Interruption.shared.critical { () throws(GitError) in
            try withStringArray(refspecs) { (array: inout git_strarray) throws(GitError) in
                let rc = withExtendedLifetime(context) {
                    git_remote_fetch(pointer, &array, &options, "release-mirror: fetch")
                }
                if rc < 0 { throw failure(rc, operation, context) }
            }
        }
        return last  // git_remote_stats keeps a previous fetch's figures when nothing is downloaded
    }

    /// Pushes `refspecs` (never with `+`). Before anything is sent, the guard sees every update:
    /// a tag that exists on the remote may not move, no ref may be deleted, and a branch may only
    /// fast-forward (each refusal names the ref). After the push, every ref the remote rejected is
    /// collected (libgit2 reports rejections only through a callback, with a success return code).
    ///
    /// - Parameter leases: the only exception to "never force": a branch listed here may be moved
    ///   to a non-descendant, and only if the remote still holds exactly the leased object
    ///   (compare-and-swap, like `git push --force-with-lease=ref:expected`). Tags never.
    /// - Parameter negotiationBase: which of the remote's advertised refs to take as proof of what
    ///   it already has when choosing the objects to send (`nil` = every ref, libgit2's default).
    ///   Naming only the remote's branch tips makes an incremental push to a remote with thousands
    ///   of tags cheap; the pack still holds everything the remote lacks (at worst a few objects
    ///   it has).
    /// - Parameter deletions: the only exception to "never delete": a branch listed here (with a
    ///   deletion refspec `:refs/heads/<name>`) is deleted, and only if the remote still holds
    ///   exactly the listed object (a leased deletion). Every other deletion, and any deletion of a
    ///   tag, is refused. `patch retire` is the one caller, after it published the branch's archive.
    /// - Returns: the remote refs that were accepted.
    /// - Throws: `GitError` with `rejections` naming each refused ref and the reason.
    @discardableResult
    public func push(
        refspecs: [String], leases: [String: ObjectID] = [:], deletions: [String: ObjectID] = [:],
        credentials: Credentials = .none, negotiationBase: ((String) -> Bool)? = nil,
        progress: ((PushProgress) -> Void)? = nil
    ) throws(GitError) -> [String] {
        let operation = "push to '\(url)'"
        try Remote.checkDeletions(refspecs, deletions, operation)
        for spec in refspecs where spec.hasPrefix("+") {
            let destination = spec.split(separator: ":").last.map(String.init) ?? ""
            guard leases[destination] != nil, destination.hasPrefix("refs/heads/") else {
                throw GitError(
                    code: .invalid, message: "refusing forced refspec '\(spec)'", operation: operation)
            }
        }
        let context = makeCallbacks(credentials)
        context.onPush = progress
        context.negotiationBase = negotiationBase
        context.remote = pointer
        let remoteMessages = RemoteMessages()
        context.onSideband = { remoteMessages.append($0) }
        let repository = self.repository
        context.negotiationGuard = { update in
            if let lease = leases[update.remoteRef] {
                return update.remoteCurrent == lease || update.remoteCurrent == update.newTarget
                    ? nil : "the remote moved to \(update.remoteCurrent.short()) (lease expected \(lease.short())); not overwritten"
            }
            if update.newTarget.isZero, let expected = deletions[update.remoteRef] {
                return Remote.deletionRefusal(update, expected: expected)
            }
            return Remote.refusal(for: update, in: repository)
        }
        var options = git_push_options()
        try check(git_push_options_init(&options, UInt32(GIT_PUSH_OPTIONS_VERSION)), operation)
        context.install(into: &options.callbacks)
        options.pb_parallelism = 0  // 0 = one pack-builder thread per core
        options.proxy_opts.type = GIT_PROXY_AUTO
        try Interruption.shared.critical { () throws(GitError) in
            // Into a repository on this machine, libgit2 writes the refs itself: journal them.
            let journal = try PathOriginJournal.gitDirectory(of: url.forLibgit2).map { (directory) throws(GitError) in
                try PathOriginJournal(gitDirectory: directory, refs: refspecs.map(Remote.destination))
            }
            recoveredLocks = journal?.recovered ?? []
            try withExtendedLifetime(journal) { () throws(GitError) in
                try send(refspecs, options: &options, context: context, operation: operation)
            }
        }
        if !context.rejected.isEmpty {
            let rejected = context.rejected.map { PushRejection(ref: $0.ref, reason: url.redacting($0.reason)) }
            throw GitError(
                code: .pushRejected,
                message: url.redacting(
                    "the remote rejected " + rejected.map { "\($0.ref) (\($0.reason))" }.joined(separator: ", ")
                        + remoteMessages.summary + Remote.lockHint(rejected, url: url.forLibgit2)),
                operation: operation, rejections: rejected)
        }
        return context.accepted
    }

    /// Runs libgit2's push of `refspecs`.
    private func send(
        _ refspecs: [String], options: inout git_push_options, context: RemoteCallbacks, operation: String
    ) throws(GitError) {
        try withStringArray(refspecs) { (array: inout git_strarray) throws(GitError) in
            let rc = withExtendedLifetime(context) {
                Libgit2.withoutObjectCache { git_remote_push(pointer, &array, &options) }
            }
            if rc < 0 {
                var error = failure(rc, operation, context)
                if !context.refused.isEmpty {
                    error = GitError(
                        code: .pushRejected, message: "refused before sending anything: "
                            + context.refused.map(\.description).joined(separator: "; "),
                        operation: operation, rejections: context.refused)
                }
                throw error
            }
        }
    }

    /// The destination of a refspec (`src:dst`, `+src:dst` or `ref`).
    static func destination(_ refspec: String) -> String {
        String(refspec.split(separator: ":", omittingEmptySubsequences: false).last ?? "").replacingOccurrences(of: "+", with: "")
    }

    /// What to do about a rejection for a lock file in a repository on this machine.
    static func lockHint(_ rejected: [PushRejection], url: String) -> String {
        guard let directory = PathOriginJournal.gitDirectory(of: url),
            let locked = rejected.first(where: { $0.reason.contains("lock") })
        else { return "" }
        return "; \(directory)/\(locked.ref).lock exists: another process is writing that ref, or one that was killed "
            + "left it. release-mirror removes the lock files its own killed runs leave; if no git process is "
            + "writing to \(directory), delete that file and run again"
    }

    /// The negotiation guard's rule for one update (`nil` = allowed).
    static func refusal(for update: PushUpdate, in repository: Repository) -> String? {
        if update.newTarget.isZero { return "deleting a remote ref is never allowed" }
        if update.remoteCurrent.isZero || update.remoteCurrent == update.newTarget { return nil }
        if update.remoteRef.hasPrefix("refs/tags/") {
            return "tag already exists on the remote at \(update.remoteCurrent.short()); tags are never moved"
        }
        guard repository.contains(update.remoteCurrent),
            (try? repository.isDescendant(update.newTarget, of: update.remoteCurrent)) == true
        else {
            return "not a fast-forward of the remote's \(update.remoteCurrent.short()); fetch first, never force"
        }
        return nil
    }
}

/// Calls `body` with a `git_strarray` of copies of `strings`, freed afterwards.
func withStringArray<R>(
    _ strings: [String], _ body: (inout git_strarray) throws(GitError) -> R
) throws(GitError) -> R {
    let pointers = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: max(strings.count, 1))
    for (index, string) in strings.enumerated() { pointers[index] = strdup(string) }
    defer {
        for index in 0..<strings.count { free(pointers[index]) }
        pointers.deallocate()
    }
    var array = git_strarray(strings: pointers, count: strings.count)
    return try body(&array)
}
