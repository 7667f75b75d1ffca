extension GitError {
    /// The codes the layer raises or tests for, by name: the libgit2 `GIT_E*` codes it uses, and
    /// the layer's own (below -1000, never returned by libgit2). `GitError.code` keeps the raw
    /// number, since libgit2 may return others; `GitError.kind` names it when it is one of these.
    public enum Code: Int32, Sendable, CaseIterable {
        /// `GIT_ERROR`: a generic error.
        case generic = -1
        /// `GIT_ENOTFOUND`: a ref, object or path was not found.
        case notFound = -3
        /// `GIT_EEXISTS`: the ref already exists.
        case exists = -4
        /// `GIT_EUSER`: a callback of ours stopped the operation.
        case user = -7
        /// `GIT_ELOCKED`: a lock file of libgit2 (`<ref>.lock`) is held.
        case locked = -14
        /// `GIT_EMODIFIED`: a compare-and-swap found another value.
        case modified = -15
        /// `GIT_EAUTH`: authentication failed.
        case authentication = -16
        /// `GIT_ECERTIFICATE`: the server's TLS certificate or SSH host key was not accepted.
        case certificate = -17
        /// Refs refused by a push (by the remote or by our negotiation guard).
        case pushRejected = -1001
        /// A value that violates an invariant (bad input, wrong object kind).
        case invalid = -1002
        /// A blob above the caller's size limit.
        case tooLarge = -1003
        /// A connection cut by `Libgit2.setNetworkTimeout`.
        case networkTimeout = -1004
    }

    /// Creates an error with a named code.
    public init(
        code: Code, errorClass: Int32 = 0, message: String, operation: String, rejections: [PushRejection] = []
    ) {
        self.init(
            code: code.rawValue, errorClass: errorClass, message: message, operation: operation,
            rejections: rejections)
    }

    /// The code by name, `nil` for a libgit2 code the layer does not name.
    public var kind: Code? { Code(rawValue: code) }
}
