/// The single-value container of `OutputEncoder`: one scalar (or a value encoded in its place).
struct OutputSingleValueContainer: SingleValueEncodingContainer {
    let node: OutputNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.value = .null }
    mutating func encode(_ value: Bool) throws { node.value = .bool(value) }
    mutating func encode(_ value: String) throws { node.value = .string(value) }
    mutating func encode(_ value: Double) throws { node.value = .double(value) }
    mutating func encode(_ value: Float) throws { node.value = .double(Double(value)) }
    mutating func encode(_ value: Int) throws { node.value = .int(Int64(value)) }
    mutating func encode(_ value: Int8) throws { node.value = .int(Int64(value)) }
    mutating func encode(_ value: Int16) throws { node.value = .int(Int64(value)) }
    mutating func encode(_ value: Int32) throws { node.value = .int(Int64(value)) }
    mutating func encode(_ value: Int64) throws { node.value = .int(Int64(value)) }
    mutating func encode(_ value: UInt) throws { node.value = .unsigned(UInt64(value)) }
    mutating func encode(_ value: UInt8) throws { node.value = .unsigned(UInt64(value)) }
    mutating func encode(_ value: UInt16) throws { node.value = .unsigned(UInt64(value)) }
    mutating func encode(_ value: UInt32) throws { node.value = .unsigned(UInt64(value)) }
    mutating func encode(_ value: UInt64) throws { node.value = .unsigned(UInt64(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try OutputEncoder.encode(value, into: node, codingPath: codingPath)
    }
}
