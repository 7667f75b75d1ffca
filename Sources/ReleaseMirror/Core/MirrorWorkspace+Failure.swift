import Git

extension MirrorWorkspace {
    /// Any error thrown while doing `context` as a `MirrorError`: a `GitError` redacted with the
    /// context (`failure(_:_:)`), a `MirrorError` as it is, anything else a runtime error.
    func failure(any error: any Error, _ context: String) -> MirrorError {
        switch error {
        case let error as GitError: return failure(error, context)
        case let error as MirrorError: return error
        default: return .runtime("\(context): \(error)")
        }
    }
}
