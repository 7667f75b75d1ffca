/// A ref-name template with exactly one placeholder, e.g. `@moonshot-ai/kimi-code@{version}` or
/// `release/v{version}`. Matching is literal (prefix + version + suffix): characters such as `.`,
/// `+`, `@` or `*` in the template are never interpreted as a pattern language.
public struct NamePattern: Hashable, Sendable, CustomStringConvertible {
    /// The template as written.
    public let template: String
    /// The placeholder, e.g. `{version}` or `{n}`.
    public let placeholder: String
    let prefix: String
    let suffix: String

    /// Parses `template`; `nil` unless the placeholder occurs exactly once.
    public init?(_ template: String, placeholder: String = "{version}") {
        let parts = template.components(separatedBy: placeholder)
        guard parts.count == 2 else { return nil }
        self.template = template
        self.placeholder = placeholder
        self.prefix = parts[0]
        self.suffix = parts[1]
    }

    /// The name for `value`.
    public func name(for value: String) -> String { prefix + value + suffix }

    /// The placeholder's value if `name` fits the template, else `nil` (not validated further).
    /// Matching compares bytes, as git compares ref names (no Unicode normalisation).
    public func value(in name: String) -> String? {
        let bytes = name.utf8
        let prefixBytes = prefix.utf8, suffixBytes = suffix.utf8
        guard bytes.count > prefixBytes.count + suffixBytes.count, bytes.starts(with: prefixBytes),
            bytes.reversed().starts(with: suffixBytes.reversed())
        else { return nil }
        let start = bytes.index(bytes.startIndex, offsetBy: prefixBytes.count)
        let end = bytes.index(bytes.endIndex, offsetBy: -suffixBytes.count)
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The longest fixed leading part, for listing candidates cheaply.
    public var literalPrefix: String { prefix }

    public var description: String { template }
}
