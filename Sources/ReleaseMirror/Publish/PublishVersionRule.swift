/// Whether a publish version agrees with the version it is published as (the manifest's or the
/// release tag's, per `publish.version-from`): equal, or equal plus `publish.allow-suffix` with a
/// number (`0.9.3-botiverse.2`) for extra publishes of one source.
public struct PublishVersionRule: Sendable, Equatable {
    /// The suffix pattern (`-botiverse.{n}`), when extra publishes are allowed.
    public var allowSuffix: NamePattern?

    /// How a publish version relates to its base.
    public enum Agreement: Sendable, Equatable {
        /// Exactly the base version.
        case exact
        /// The base plus the allowed suffix with this number.
        case suffixed(Int)
        /// Neither.
        case disagrees
    }

    /// Creates a rule.
    public init(allowSuffix: NamePattern?) { self.allowSuffix = allowSuffix }

    /// Compares `publish` with `base` (both as written).
    public func compare(_ publish: String, base: String) -> Agreement {
        if publish == base { return .exact }
        guard let allowSuffix, publish.hasPrefix(base) else { return .disagrees }
        let rest = String(publish.dropFirst(base.count))
        guard let digits = allowSuffix.value(in: rest), !digits.isEmpty, digits.count <= 9,
            digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), !(digits.count > 1 && digits.hasPrefix("0")),
            let number = Int(digits)
        else { return .disagrees }
        return .suffixed(number)
    }

    /// What `publish` may be for `base`: `0.9.3`, or `0.9.3 or 0.9.3-botiverse.N`.
    public func allowed(for base: String) -> String {
        guard let allowSuffix else { return base }
        return "\(base) or \(base)\(allowSuffix.name(for: "N"))"
    }
}
