import Clibgit2

/// The one error type of the Git layer: what libgit2 (or the layer's own guards) said, and which
/// operation failed.
public struct GitError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A libgit2 error code (`GIT_E*`), or one of the layer's own codes (`kind` names it: `Code`).
    public let code: Int32
    /// The libgit2 error class (`GIT_ERROR_*`), `0` when the layer raised the error itself.
    public let errorClass: Int32
    /// The human-readable message.
    public let message: String
    /// The operation that failed, e.g. `create reference 'refs/tags/v1'`.
    public let operation: String
    /// For a push: each ref the remote (or the negotiation guard) refused, with the reason.
    public var rejections: [PushRejection]

    /// Creates an error.
    public init(
        code: Int32, errorClass: Int32 = 0, message: String, operation: String,
        rejections: [PushRejection] = []
    ) {
        self.code = code
        self.errorClass = errorClass
        self.message = message
        self.operation = operation
        self.rejections = rejections
    }

    /// `operation: message`.
    public var description: String { "\(operation): \(message)" }

    /// The ref already exists (`GIT_EEXISTS`).
    public var isAlreadyExists: Bool { kind == .exists }
    /// A ref, object or path was not found (`GIT_ENOTFOUND`).
    public var isNotFound: Bool { kind == .notFound }
    /// A compare-and-swap found another value (`GIT_EMODIFIED`).
    public var isModified: Bool { kind == .modified }
    /// A lock file of libgit2 (`<ref>.lock`) is held (`GIT_ELOCKED`); the run lock has its own `LockError`.
    public var isLocked: Bool { kind == .locked }
    /// Authentication failed (`GIT_EAUTH`).
    public var isAuthenticationFailure: Bool { kind == .authentication }
    /// The server's TLS certificate or SSH host key was not accepted (`GIT_ECERTIFICATE`).
    public var isCertificateFailure: Bool { kind == .certificate }

    /// The layer's own code for refs refused by a push (by the remote or by our negotiation guard).
    public static let pushRejectedCode = Code.pushRejected.rawValue
    /// The layer's own code for a value that violates an invariant (bad input, wrong object kind).
    public static let invalidCode = Code.invalid.rawValue
    /// The layer's own code for a blob above the caller's size limit.
    public static let tooLargeCode = Code.tooLarge.rawValue

    /// Builds the error for a libgit2 call that returned `code < 0`, reading `git_error_last()` on this
    /// thread (it may be NULL in libgit2 1.5).
    static func last(_ code: Int32, _ operation: @autoclosure () -> String) -> GitError {
        var message = "libgit2 error \(code)"
        var klass: Int32 = 0
        if let last = git_error_last() {
            klass = last.pointee.klass
            if let text = last.pointee.message {
                message = String(cString: text).trimmingTrailingNewlines()
            }
        }
        return GitError(code: code, errorClass: klass, message: message, operation: operation())
    }
}

/// One ref a push did not update, and why.
public struct PushRejection: Sendable, Equatable, CustomStringConvertible {
    /// The remote ref name.
    public let ref: String
    /// The server's (or the guard's) reason.
    public let reason: String
    /// Creates a rejection.
    public init(ref: String, reason: String) {
        self.ref = ref
        self.reason = reason
    }
    /// `ref: reason`.
    public var description: String { "\(ref): \(reason)" }
}

/// Runs a libgit2 call and throws `GitError` when it returns a negative code.
@discardableResult
@inline(__always)
func check(_ result: Int32, _ operation: @autoclosure () -> String) throws(GitError) -> Int32 {
    if result < 0 { throw GitError.last(result, operation()) }
    return result
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var s = Substring(self)
        while let last = s.last, last == "\n" || last == "\r" { s = s.dropLast() }
        return String(s)
    }
}
