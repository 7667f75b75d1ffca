import Foundation

/// One JSON value of a `--json` document, built by `OutputEncoder` and written by `JSONEncoder`
/// (sorted keys, pretty-printed): the tree in between lets the output convention of docs/JSON.md
/// add `schema_version`, write `null` for every absent optional and name every key in snake_case,
/// whatever the engine's types do.
indirect enum OutputValue: Encodable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case unsigned(UInt64)
    case double(Double)
    case string(String)
    case array([OutputValue])
    case object([String: OutputValue])

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .object(let members):
            var container = encoder.container(keyedBy: MemberKey.self)
            for (key, value) in members { try container.encode(value, forKey: MemberKey(key)) }
        case .array(let elements):
            var container = encoder.unkeyedContainer()
            for element in elements { try container.encode(element) }
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .int(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .unsigned(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .double(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .string(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        }
    }

    /// A member name taken as it is (the tree's keys are already converted).
    struct MemberKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

/// A value the output writes its own way instead of its `Codable` form (an enum with associated
/// values, whose synthesized form would be `{"case":{"_0":…}}`).
protocol OutputRepresentable {
    var outputValue: OutputValue { get }
}
