import KimiRuntime

/// The ``RuntimeError`` `body` throws, or `nil` when it throws nothing (another error type is
/// returned as `.protocol("unexpected error: …")` so a test fails with a readable message).
func runtimeError(_ body: () async throws -> Void) async -> RuntimeError? {
    do {
        try await body()
        return nil
    } catch let error as RuntimeError {
        return error
    } catch {
        return .protocol("unexpected non-RuntimeError: \(error)")
    }
}

extension RuntimeError {
    var isTimeout: Bool { if case .timeout = self { return true } else { return false } }
    var isInvalidRequest: Bool { if case .invalidRequest = self { return true } else { return false } }
    var isPeerExited: Bool { if case .peerExited = self { return true } else { return false } }
    var isProtocol: Bool { if case .protocol = self { return true } else { return false } }
    var isTransient: Bool { if case .transient = self { return true } else { return false } }
    var isAuth: Bool { if case .auth = self { return true } else { return false } }
}
