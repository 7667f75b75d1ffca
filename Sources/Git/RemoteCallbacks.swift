import Clibgit2
import Foundation
import MirrorSystem

/// State for one synchronous libgit2 network call. libgit2 calls the trampolines below with this
/// object as `payload`; it is kept alive with `withExtendedLifetime` for the whole call and read
/// back with `takeUnretainedValue` (libgit2 may call a callback many times).
final class RemoteCallbacks {
    let credentials: Credentials
    let tokenHost: String?
    var attempts = 0
    var authenticationExhausted = false
    /// Why the server's request for credentials got no token, when it did not.
    var declined: TokenDecline?
    var onTransfer: ((TransferProgress) -> Bool)?
    var onPush: ((PushProgress) -> Void)?
    var onSideband: ((String) -> Void)?
    /// Decides, per advertised update, whether the push may proceed; returns a refusal reason or nil.
    var negotiationGuard: ((PushUpdate) -> String?)?
    /// For a push: which of the remote's advertised refs libgit2 may treat as "the remote has
    /// this and everything below it" when enumerating what to send (`nil` = all of them).
    var negotiationBase: ((String) -> Bool)?
    /// The remote being pushed to (set with `negotiationBase`).
    var remote: OpaquePointer?
    var refused: [PushRejection] = []
    var rejected: [PushRejection] = []
    var accepted: [String] = []

    init(credentials: Credentials, url: RemoteURL) {
        self.credentials = credentials
        self.tokenHost = credentials.tokenHost?.lowercased() ?? url.host
    }

    func install(into callbacks: inout git_remote_callbacks) {
        callbacks.payload = Unmanaged.passUnretained(self).toOpaque()
        callbacks.credentials = credentialsTrampoline
        callbacks.transfer_progress = transferTrampoline
        callbacks.push_transfer_progress = pushTransferTrampoline
        callbacks.push_update_reference = pushUpdateReferenceTrampoline
        callbacks.push_negotiation = pushNegotiationTrampoline
        callbacks.sideband_progress = sidebandTrampoline
    }

    static func from(_ payload: UnsafeMutableRawPointer?) -> RemoteCallbacks? {
        guard let payload else { return nil }
        return Unmanaged<RemoteCallbacks>.fromOpaque(payload).takeUnretainedValue()
    }

    func credential(
        _ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>?, url: String,
        usernameFromURL: String?, allowed: UInt32
    ) -> Int32 {
        let user = usernameFromURL ?? (allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT.rawValue != 0
            ? credentials.tokenUsername : "git")
        if allowed & GIT_CREDENTIAL_USERNAME.rawValue != 0 {
            return git_credential_username_new(out, user)
        }
        guard attempts < credentials.maxAttempts else {
            authenticationExhausted = true
            let shown = RemoteURL.redactingUserinfo(in: url)
            git_error_set_str(Int32(GIT_ERROR_NET.rawValue), "authentication failed for '\(shown)' (credentials refused)")
            return GIT_EAUTH.rawValue
        }
        if allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT.rawValue != 0 {
            let decision = TokenDecline.decide(
                url: url, hasToken: credentials.token != nil, tokenHost: tokenHost)
            if decision == nil, let token = credentials.token {
                attempts += 1
                return git_credential_userpass_plaintext_new(out, credentials.tokenUsername, token)
            }
            declined = decision
        }
        if allowed & GIT_CREDENTIAL_SSH_KEY.rawValue != 0 {
            attempts += 1
            if let key = credentials.sshPrivateKey {
                return git_credential_ssh_key_new(out, user, nil, key, credentials.sshPassphrase)
            }
            return git_credential_ssh_key_from_agent(out, user)
        }
        return GIT_PASSTHROUGH.rawValue
    }
}

/// A ref update a push is about to send.
public struct PushUpdate: Sendable, Hashable {
    /// The remote ref.
    public let remoteRef: String
    /// What the remote holds now (`.zero` when absent).
    public let remoteCurrent: ObjectID
    /// What the push sets it to (`.zero` to delete).
    public let newTarget: ObjectID
}

private func credentialsTrampoline(
    out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>?, url: UnsafePointer<CChar>?,
    usernameFromURL: UnsafePointer<CChar>?, allowed: UInt32, payload: UnsafeMutableRawPointer?
) -> Int32 {
    guard let context = RemoteCallbacks.from(payload) else { return GIT_PASSTHROUGH.rawValue }
    return context.credential(
        out, url: url.map { String(cString: $0) } ?? "",
        usernameFromURL: usernameFromURL.map { String(cString: $0) }, allowed: allowed)
}

/// Aborts a transfer once a signal has arrived (see `Interruption`): libgit2 stops at once and
/// writes no ref of the aborted operation.
private func interrupted() -> Int32? {
    guard Interruption.shared.isInterrupted else { return nil }
    git_error_set_str(Int32(GIT_ERROR_CALLBACK.rawValue), "interrupted by a signal")
    return GIT_EUSER.rawValue
}

private func transferTrampoline(stats: UnsafePointer<git_indexer_progress>?, payload: UnsafeMutableRawPointer?) -> Int32 {
    TestPause.here(.fetch)
    if let stop = interrupted() { return stop }
    guard let context = RemoteCallbacks.from(payload), let stats, let onTransfer = context.onTransfer else { return 0 }
    let s = stats.pointee
    let progress = TransferProgress(
        totalObjects: Int(s.total_objects), receivedObjects: Int(s.received_objects),
        indexedObjects: Int(s.indexed_objects), localObjects: Int(s.local_objects),
        totalDeltas: Int(s.total_deltas), indexedDeltas: Int(s.indexed_deltas), receivedBytes: Int(s.received_bytes))
    return onTransfer(progress) ? 0 : -1
}

private func pushTransferTrampoline(current: UInt32, total: UInt32, bytes: Int, payload: UnsafeMutableRawPointer?) -> Int32 {
    if let stop = interrupted() { return stop }
    RemoteCallbacks.from(payload)?.onPush?(PushProgress(current: Int(current), total: Int(total), bytes: bytes))
    return 0
}

private func sidebandTrampoline(text: UnsafePointer<CChar>?, length: Int32, payload: UnsafeMutableRawPointer?) -> Int32 {
    guard let context = RemoteCallbacks.from(payload), let onSideband = context.onSideband, let text, length > 0 else {
        return 0
    }
    let bytes = UnsafeRawBufferPointer(start: text, count: Int(length))
    onSideband(String(decoding: bytes, as: UTF8.self))
    return 0
}

private func pushUpdateReferenceTrampoline(
    refname: UnsafePointer<CChar>?, status: UnsafePointer<CChar>?, payload: UnsafeMutableRawPointer?
) -> Int32 {
    guard let context = RemoteCallbacks.from(payload), let refname else { return 0 }
    let name = String(cString: refname)
    if let status {
        context.rejected.append(PushRejection(ref: name, reason: String(cString: status)))
    } else {
        context.accepted.append(name)
    }
    return 0  // keep going so every ref's status is reported
}

private func pushNegotiationTrampoline(
    updates: UnsafeMutablePointer<UnsafePointer<git_push_update>?>?, count: Int, payload: UnsafeMutableRawPointer?
) -> Int32 {
    TestPause.here(.push)
    if let stop = interrupted() { return stop }
    guard let context = RemoteCallbacks.from(payload), let guardFunction = context.negotiationGuard, let updates else {
        return 0
    }
    for index in 0..<count {
        guard let update = updates[index]?.pointee, let dst = update.dst_refname else { continue }
        let value = PushUpdate(
            remoteRef: String(cString: dst), remoteCurrent: ObjectID(update.src), newTarget: ObjectID(update.dst))
        if let reason = guardFunction(value) {
            context.refused.append(PushRejection(ref: value.remoteRef, reason: reason))
        }
    }
    if context.refused.isEmpty {
        if Libgit2.internals.enabled, let keep = context.negotiationBase, let remote = context.remote {
            narrowNegotiationBase(remote, keep: keep)
        }
        return 0
    }
    git_error_set_str(Int32(GIT_ERROR_CALLBACK.rawValue), "push refused before sending: " + context.refused.map(\.description).joined(separator: "; "))
    return GIT_EUSER.rawValue
}

/// Makes libgit2's push enumeration skip the remote refs `keep` rejects.
///
/// libgit2 1.5.1 (`push.c`, `queue_objects`) hides *every* ref the remote advertised in the walk
/// that picks the objects to send, and the pack builder then marks each hidden commit's whole tree
/// uninteresting: on a mirror with thousands of tags that is most of an incremental push, spent
/// proving the remote has trees it obviously has. It skips heads whose id is zero, and it runs
/// right after this callback. Zeroing the id of the heads we do not need as a base is therefore
/// the one lever: the walk still hides the remote's branch tips (callers keep those), so the pack
/// holds what the remote lacks, and at worst a few objects it already has (which the server
/// accepts). The update commands were computed before the callback (`calculate_work` copies
/// each remote id into its push spec), and nothing after the walk reads the advertised heads
/// again: the push path of `git_remote_update_tips` works from the report-status only.
///
/// Writing through the `const` pointers `git_remote_ls` returns is sound here: they point at heap
/// memory the transport owns (`git_pkt_ref.head`), valid until the remote disconnects, which
/// happens after `git_remote_push` returns; this runs on the thread that called it. All of this
/// is libgit2 1.5's behaviour: on another version (`Libgit2.internals`) the base is not narrowed.
private func narrowNegotiationBase(_ remote: OpaquePointer, keep: (String) -> Bool) {
    var heads: UnsafeMutablePointer<UnsafePointer<git_remote_head>?>?
    var count = 0
    guard git_remote_ls(&heads, &count, remote) == 0, let heads else { return }
    for index in 0..<count {
        guard let head = heads[index], let name = head.pointee.name else { continue }
        if !keep(String(cString: name)) {
            UnsafeMutablePointer(mutating: head).pointee.oid = git_oid()
        }
    }
}
