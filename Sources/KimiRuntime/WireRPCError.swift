/// A JSON-RPC error object received from the peer.
struct WireRPCError: Error, Sendable, Hashable {
    var code: Int
    var message: String
    var data: JSONValue?
}
