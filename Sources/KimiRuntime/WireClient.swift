import Foundation

/// A JSON-RPC 2.0 client of one Kimi Wire peer process (NDJSON over stdio).
///
/// Responses to ``call(_:params:timeout:)`` are routed to their callers by id (our ids are
/// strings prefixed `c-`, a namespace of their own). Everything else the peer sends — events,
/// server requests, responses nobody waits for, the process's exit — is queued in arrival order
/// for the one consumer (the turn loop) together with items the session injects itself (ticks,
/// cancellation, permission decisions), so a turn is a single sequential loop.
actor WireClient {
    /// An item for the turn loop.
    enum Inbound: Sendable {
        /// A classified message from the peer.
        case message(WireMessage)
        /// A line that looks like JSON but does not parse.
        case malformed(String)
        /// The process ended (all of its stdout was delivered before this).
        case exited(ProcessExit, stderr: String)
        /// A timer tick (injected).
        case tick
        /// A permission callback answered (injected).
        case permissionDecided(rpcID: String, requestID: String, decision: PermissionDecision)
    }

    let process: ChildProcess
    private var counter = 0
    private var pending: [String: CheckedContinuation<JSONValue, any Error>] = [:]
    private var pendingTimers: [String: Task<Void, Never>] = [:]
    private var queue: [Inbound] = []
    private var queueHead = 0
    private var waiter: CheckedContinuation<Inbound, Never>?
    private var readerStarted = false
    /// When the peer last sent anything.
    private(set) var lastActivity = ContinuousClock.now
    /// How the process ended, once it has.
    private(set) var exit: ProcessExit?
    /// When each ``sendRequest(id:method:params:)`` request was written, until it is answered.
    private var sentAt: [String: ContinuousClock.Instant] = [:]
    /// The peer's own time for the last answered ``sendRequest(id:method:params:)`` request:
    /// from writing it to reading its answer (the turn as the peer sees it, for benchmarks).
    private(set) var lastRequestRoundTrip: Duration?

    init(process: ChildProcess) {
        self.process = process
    }

    /// Starts consuming the process's output. Call once.
    func start() {
        guard !readerStarted else { return }
        readerStarted = true
        let output = process.output
        Task { [weak self] in
            for await item in output {
                guard let self else { return }
                await self.receive(item)
            }
        }
    }

    var isAlive: Bool { exit == nil && process.exitStatus == nil }

    /// A fresh request id in the client namespace.
    func makeID() -> String {
        counter += 1
        return "c-\(counter)"
    }

    /// Sends a request and waits for its response.
    /// - Throws: ``WireRPCError`` for a JSON-RPC error answer; ``RuntimeError/timeout(_:)``;
    ///   ``RuntimeError/peerExited(exitCode:signal:detail:)``.
    func call(_ method: String, params: JSONValue, timeout: Duration) async throws -> JSONValue {
        let id = makeID()
        if let exit {
            throw RuntimeError.peerExited(exitCode: exit.exitCode, signal: exit.signal, detail: stderrSummary())
        }
        return try await withCheckedThrowingContinuation { continuation in
            pending[id] = continuation
            do {
                try send(["jsonrpc": "2.0", "id": .string(id), "method": .string(method), "params": params])
            } catch {
                pending[id] = nil
                continuation.resume(throwing: error)
                return
            }
            pendingTimers[id] = Task { [weak self] in
                try? await Task.sleep(for: timeout)
                guard !Task.isCancelled else { return }
                await self?.expire(id: id, method: method, timeout: timeout)
            }
        }
    }

    /// Sends a request whose response arrives through ``next()`` (used for `prompt`, whose answer
    /// comes at the end of the turn, after the turn's events).
    func sendRequest(id: String, method: String, params: JSONValue) throws {
        try send(["jsonrpc": "2.0", "id": .string(id), "method": .string(method), "params": params])
        sentAt[id] = .now
    }

    /// Answers a server request.
    func respond(id: String, result: JSONValue) throws {
        try send(["jsonrpc": "2.0", "id": .string(id), "result": result])
    }

    /// Answers a server request with a JSON-RPC error.
    func respondError(id: String, code: Int, message: String) throws {
        try send(["jsonrpc": "2.0", "id": .string(id), "error": ["code": .int(code), "message": .string(message)]])
    }

    /// Answers a peer request whose id is kept as sent (``WireMessage/call(id:method:params:)``).
    func respond(rawID: JSONValue, result: JSONValue) throws {
        try send(["jsonrpc": "2.0", "id": rawID, "result": result])
    }

    /// Answers a peer request whose id is kept as sent with a JSON-RPC error.
    func respondError(rawID: JSONValue, code: Int, message: String) throws {
        try send(["jsonrpc": "2.0", "id": rawID, "error": ["code": .int(code), "message": .string(message)]])
    }

    /// Sends a notification (no answer expected).
    func notify(_ method: String, params: JSONValue) throws {
        try send(["jsonrpc": "2.0", "method": .string(method), "params": params])
    }

    /// The next queued item; suspends until there is one. Not cancellable by design: the turn
    /// loop learns about cancellation from injected items.
    func next() async -> Inbound {
        if let item = dequeue() { return item }
        return await withCheckedContinuation { continuation in
            if let item = dequeue() {
                continuation.resume(returning: item)
            } else {
                waiter = continuation
            }
        }
    }

    /// Queues an item for the consumer.
    func post(_ item: Inbound) {
        if let waiter {
            self.waiter = nil
            waiter.resume(returning: item)
        } else {
            queue.append(item)
        }
    }

    /// Removes and returns everything queued.
    func takeAll() -> [Inbound] {
        let items = Array(queue[queueHead...])
        queue.removeAll()
        queueHead = 0
        return items
    }

    /// Drops queued leftovers of earlier turns, keeping server requests (which must be answered)
    /// and the exit notice.
    func dropStale() {
        let kept = takeAll().filter { item in
            switch item {
            case .message(.request), .exited: return true
            default: return false
            }
        }
        queue = kept
    }

    /// Stops the process (close stdin, SIGTERM, SIGKILL) and waits for it.
    func shutdown(grace: Duration) async {
        await process.terminate(grace: grace)
    }

    /// The tail of the peer's stderr, for error messages.
    nonisolated func stderrSummary() -> String {
        let tail = process.stderrTail.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !tail.isEmpty else { return "" }
        let lines = tail.split(separator: "\n", omittingEmptySubsequences: true).suffix(12)
        return "stderr: " + lines.joined(separator: "\n")
    }

    // MARK: - Private

    private func send(_ message: JSONValue) throws {
        let line: String
        do {
            line = try message.serialized()
        } catch {
            throw RuntimeError.invalidRequest("cannot encode a message for the Kimi CLI: \(error)")
        }
        try process.writeLine(line)
    }

    private func dequeue() -> Inbound? {
        guard queueHead < queue.count else { return nil }
        let item = queue[queueHead]
        queueHead += 1
        if queueHead > 256, queueHead * 2 > queue.count {
            queue.removeFirst(queueHead)
            queueHead = 0
        }
        return item
    }

    private func receive(_ output: ChildProcess.Output) {
        switch output {
        case .line(let line):
            switch WireMessage.parse(line) {
            case .noise:
                return
            case .malformed:
                lastActivity = .now
                post(.malformed(line))
            case .message(let message):
                lastActivity = .now
                if case .response(let id?, let result) = message, let continuation = pending.removeValue(forKey: id) {
                    pendingTimers.removeValue(forKey: id)?.cancel()
                    switch result {
                    case .success(let value): continuation.resume(returning: value)
                    case .failure(let error): continuation.resume(throwing: error)
                    }
                } else {
                    if case .response(let id?, _) = message, let sent = sentAt.removeValue(forKey: id) {
                        lastRequestRoundTrip = .now - sent
                    }
                    post(.message(message))
                }
            }
        case .exited(let exit):
            self.exit = exit
            let error = RuntimeError.peerExited(exitCode: exit.exitCode, signal: exit.signal, detail: stderrSummary())
            for (id, continuation) in pending {
                pendingTimers.removeValue(forKey: id)?.cancel()
                continuation.resume(throwing: error)
            }
            pending.removeAll()
            post(.exited(exit, stderr: stderrSummary()))
        }
    }

    private func expire(id: String, method: String, timeout: Duration) {
        pendingTimers[id] = nil
        guard let continuation = pending.removeValue(forKey: id) else { return }
        continuation.resume(throwing: RuntimeError.timeout("the Kimi CLI did not answer `\(method)` within \(timeout)"))
    }
}
