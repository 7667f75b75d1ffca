/// A SemVer 2.0.0 version, parsed strictly (no leading `v`, no leading zeros, no missing parts), so
/// a tag whose version is not SemVer is never mirrored under a guessed name.
public struct SemanticVersion: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    /// Numbers go up to 2^64 − 1 (`UInt64.max`); a larger one makes the text no version here
    /// (`SemanticVersion.numberTooLarge` names it).
    public let major: UInt64
    public let minor: UInt64
    public let patch: UInt64
    /// Pre-release identifiers (`rc.1` → `["rc", "1"]`).
    public let prerelease: [String]
    /// Build metadata identifiers (ignored for precedence).
    public let build: [String]

    /// Parses `text`; `nil` unless it is exactly a SemVer 2.0.0 version.
    public init?(_ text: String) {
        var rest = Substring(text)
        var build: [String] = []
        if let plus = rest.firstIndex(of: "+") {
            build = rest[rest.index(after: plus)...].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            rest = rest[..<plus]
            guard !build.isEmpty, build.allSatisfy({ SemanticVersion.isIdentifier($0) }) else { return nil }
        }
        var prerelease: [String] = []
        if let dash = rest.firstIndex(of: "-") {
            prerelease = rest[rest.index(after: dash)...].split(separator: ".", omittingEmptySubsequences: false)
                .map(String.init)
            rest = rest[..<dash]
            guard !prerelease.isEmpty,
                prerelease.allSatisfy({ SemanticVersion.isIdentifier($0) && !SemanticVersion.hasLeadingZero($0) })
            else { return nil }
        }
        let core = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard core.count == 3 else { return nil }
        var numbers: [UInt64] = []
        for part in core {
            guard !part.isEmpty, part.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
                !(part.count > 1 && part.hasPrefix("0")), let value = UInt64(part)
            else { return nil }
            numbers.append(value)
        }
        self.major = numbers[0]
        self.minor = numbers[1]
        self.patch = numbers[2]
        self.prerelease = prerelease
        self.build = build
    }

    /// The canonical text.
    public var description: String {
        var text = "\(major).\(minor).\(patch)"
        if !prerelease.isEmpty { text += "-" + prerelease.joined(separator: ".") }
        if !build.isEmpty { text += "+" + build.joined(separator: ".") }
        return text
    }

    /// SemVer precedence (build metadata ignored; ties broken by the text so sorting is total).
    public static func < (a: SemanticVersion, b: SemanticVersion) -> Bool {
        if a.major != b.major { return a.major < b.major }
        if a.minor != b.minor { return a.minor < b.minor }
        if a.patch != b.patch { return a.patch < b.patch }
        if a.prerelease != b.prerelease {
            if a.prerelease.isEmpty { return false }
            if b.prerelease.isEmpty { return true }
            for (x, y) in zip(a.prerelease, b.prerelease) where x != y {
                // Numeric identifiers (no leading zeros, any length) compare as numbers, and
                // before alphanumeric ones (SemVer 2.0 §11).
                switch (isNumeric(x), isNumeric(y)) {
                case (true, true): return (x.utf8.count, x) < (y.utf8.count, y)
                case (true, false): return true
                case (false, true): return false
                case (false, false): return x < y
                }
            }
            return a.prerelease.count < b.prerelease.count
        }
        return a.description < b.description
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = SemanticVersion(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not SemVer: \(text)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// The first number of `text`'s major.minor.patch above 2^64 − 1, when that is all that keeps
    /// `text` from being a version (`1.0.18446744073709551616`): a "too large" finding, not "not SemVer".
    public static func numberTooLarge(in text: String) -> String? {
        guard SemanticVersion(text) == nil else { return nil }
        let end = text.firstIndex { $0 == "-" || $0 == "+" } ?? text.endIndex
        let core = text[..<end].split(separator: ".", omittingEmptySubsequences: false)
        guard let large = core.first(where: { $0.count > 1 && isNumeric($0) && UInt64($0) == nil }) else { return nil }
        let fitted = core.map { UInt64($0) == nil && isNumeric($0) ? "0" : String($0) }.joined(separator: ".") + text[end...]
        return SemanticVersion(fitted) != nil ? String(large) : nil
    }

    private static func isNumeric(_ s: some StringProtocol) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } && !hasLeadingZero(s)
    }

    private static func isIdentifier(_ s: some StringProtocol) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 45 }
    }

    private static func hasLeadingZero(_ s: some StringProtocol) -> Bool {
        s.count > 1 && s.hasPrefix("0") && s.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
    }
}
