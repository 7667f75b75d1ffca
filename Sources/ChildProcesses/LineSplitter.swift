/// Splits a byte stream into lines: at `\n`, with a `\r` before it dropped; a final line without
/// a newline is delivered by `finish`. Bytes are decoded as UTF-8 per line, so a character split
/// across two chunks survives. With `maxLineLength`, an overlong line is cut into pieces of that
/// many bytes, so one runaway line cannot exhaust memory.
///
/// The codebase's one line splitter: child stdout and stderr, smoke output and Kimi NDJSON all
/// go through it.
public struct LineSplitter: Sendable {
    /// The longest piece delivered (bytes), or `nil` for no limit.
    public let maxLineLength: Int?
    private var pending: [UInt8] = []

    /// Creates a splitter; `maxLineLength` must be positive when given.
    public init(maxLineLength: Int? = nil) {
        precondition((maxLineLength ?? 1) > 0, "maxLineLength must be positive")
        self.maxLineLength = maxLineLength
    }

    /// Feeds one chunk, calling `onLine` for each line it completes.
    public mutating func append<Bytes: Collection<UInt8>>(_ chunk: Bytes, _ onLine: (String) -> Void) {
        var rest = chunk[...]
        while let newline = rest.firstIndex(of: 0x0A) {
            take(rest[..<newline], onLine)
            emit(onLine)
            rest = rest[rest.index(after: newline)...]
        }
        take(rest, onLine)
    }

    /// Ends the stream: delivers a last line that had no newline.
    public mutating func finish(_ onLine: (String) -> Void) {
        if !pending.isEmpty { emit(onLine) }
    }

    private mutating func take<Bytes: Collection<UInt8>>(_ bytes: Bytes, _ onLine: (String) -> Void) {
        var rest = bytes[...]
        if let limit = maxLineLength {
            while pending.count + rest.count >= limit {
                let room = limit - pending.count
                pending.append(contentsOf: rest.prefix(room))
                rest = rest.dropFirst(room)
                emit(onLine)
            }
        }
        pending.append(contentsOf: rest)
    }

    private mutating func emit(_ onLine: (String) -> Void) {
        if pending.last == 0x0D { pending.removeLast() }
        onLine(String(decoding: pending, as: UTF8.self))
        pending.removeAll(keepingCapacity: true)
    }
}
