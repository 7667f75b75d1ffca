/// One node of the tree being built: a scalar, or an object's members, or an array's elements.
final class OutputNode {
    var value: OutputValue
    var members: [String: OutputNode]?
    var elements: [OutputNode]?

    init(_ value: OutputValue = .null) { self.value = value }

    /// The finished value.
    var resolved: OutputValue {
        if let members { return .object(members.mapValues(\.resolved)) }
        if let elements { return .array(elements.map(\.resolved)) }
        return value
    }
}
