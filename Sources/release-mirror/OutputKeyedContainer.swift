/// The keyed container: member names in snake_case, `nil` optionals as `null`.
struct OutputKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: OutputNode
    let codingPath: [any CodingKey]

    private func set(_ key: Key, _ value: OutputValue) { node.members?[OutputEncoder.snakeCase(key.stringValue)] = OutputNode(value) }

    private func child(_ key: Key) -> OutputNode {
        let child = OutputNode()
        node.members?[OutputEncoder.snakeCase(key.stringValue)] = child
        return child
    }

    mutating func encodeNil(forKey key: Key) throws { set(key, .null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(key, .bool(value)) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(key, .string(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws { set(key, .double(value)) }
    mutating func encode(_ value: Float, forKey key: Key) throws { set(key, .double(Double(value))) }
    mutating func encode(_ value: Int, forKey key: Key) throws { set(key, .int(Int64(value))) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { set(key, .int(Int64(value))) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { set(key, .int(Int64(value))) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { set(key, .int(Int64(value))) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { set(key, .int(Int64(value))) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { set(key, .unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { set(key, .unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { set(key, .unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { set(key, .unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { set(key, .unsigned(UInt64(value))) }

    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { set(key, value.map { .bool($0) } ?? .null) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { set(key, value.map { .string($0) } ?? .null) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { set(key, value.map { .double($0) } ?? .null) }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { set(key, value.map { .double(Double($0)) } ?? .null) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { set(key, value.map { .int(Int64($0)) } ?? .null) }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { set(key, value.map { .int(Int64($0)) } ?? .null) }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { set(key, value.map { .int(Int64($0)) } ?? .null) }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { set(key, value.map { .int(Int64($0)) } ?? .null) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { set(key, value.map { .int(Int64($0)) } ?? .null) }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { set(key, value.map { .unsigned(UInt64($0)) } ?? .null) }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { set(key, value.map { .unsigned(UInt64($0)) } ?? .null) }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { set(key, value.map { .unsigned(UInt64($0)) } ?? .null) }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { set(key, value.map { .unsigned(UInt64($0)) } ?? .null) }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { set(key, value.map { .unsigned(UInt64($0)) } ?? .null) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try OutputEncoder.encode(value, into: child(key), codingPath: codingPath + [key])
    }

    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { set(key, .null) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        OutputEncoder(node: child(key), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        OutputEncoder(node: child(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let child = OutputNode()
        node.members?["super"] = child
        return OutputEncoder(node: child, codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder { OutputEncoder(node: child(key), codingPath: codingPath + [key]) }
}
