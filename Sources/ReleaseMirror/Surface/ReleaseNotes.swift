import Foundation

/// The per-release interface note (`ledger notes TAG`), the section the reference mirror's
/// maintainers write by hand before a consumer bumps its pin:
///
/// ```
/// ## @moonshot-ai/kimi-code@0.15.0  (← @moonshot-ai/kimi-code@0.14.3)
///
/// **node-sdk interface: additive, no breaking change**
///
/// NEW:
/// - `Session`
///
/// REMOVED:
/// - none
///
/// consumer impact: safe to bump
/// ```
///
/// As a GitHub Release body it carries a marker with a digest of the text, so a later run can
/// tell its own untouched body (safe to update) from one a person edited (never overwritten).
public enum ReleaseNotes {
    /// The marker's opening.
    public static let markerPrefix = "<!-- release-mirror:notes "

    /// The note for a comparison; `package` names the SDK (`node-sdk`).
    public static func render(_ comparison: SurfaceComparison, package: String) -> String {
        var lines = ["## \(comparison.ref)" + (comparison.base.map { "  (\u{2190} \($0))" } ?? ""), ""]
        lines.append("**\(package) interface: \(headline(comparison))**")
        lines.append("")
        if let from = comparison.baseSDKVersion, let to = comparison.sdkVersion {
            lines += ["SDK \(from) \u{2192} \(to) · entry `\(comparison.entry)`", ""]
        }
        if let delta = comparison.delta {
            lines += ["NEW:"] + bullets(delta.added) + ["", "REMOVED:"] + bullets(delta.removed) + [""]
            lines.append(
                "consumer impact: "
                    + (delta.verdict == .breaking ? "check uses of the removed names before bumping" : "safe to bump"))
        } else {
            lines.append("consumer impact: not computed; read the SDK's changes before bumping")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func headline(_ comparison: SurfaceComparison) -> String {
        guard let delta = comparison.delta else {
            if comparison.base == nil { return "first release, nothing to compare" }
            let missing = [comparison.surface.found ? nil : comparison.ref, comparison.baseSurface?.found == false ? comparison.base : nil]
            return "unknown (\(comparison.entry) is missing at \(missing.compactMap { $0 }.joined(separator: " and ")))"
        }
        switch delta.verdict {
        case .unchanged: return "unchanged"
        case .additive: return "additive, no breaking change"
        case .breaking: return "breaking, \(delta.removed.count) name\(delta.removed.count == 1 ? "" : "s") removed"
        }
    }

    static func bullets(_ names: [String]) -> [String] {
        names.isEmpty ? ["- none"] : names.map { "- `\($0)`" }
    }

    /// `body` with the marker (tag and digest) appended.
    public static func marked(_ body: String, tag: String) -> String {
        let text = normalised(body)
        return text + "\n\n" + markerPrefix + "tag=\(tag) digest=\(digest(text)) -->\n"
    }

    /// Who owns a GitHub Release body.
    public enum Ownership: Sendable, Equatable {
        /// Written by release-mirror and not edited since: may be replaced.
        case ours
        /// Written by release-mirror, then edited by a person: kept.
        case edited
        /// No marker: written by a person: kept.
        case foreign
    }

    /// Whether `body` is an untouched note of ours, an edited one, or someone else's.
    public static func ownership(of body: String) -> Ownership {
        guard let start = body.range(of: markerPrefix, options: .backwards),
            let digestStart = body.range(of: "digest=", range: start.upperBound..<body.endIndex),
            let end = body.range(of: " -->", range: digestStart.upperBound..<body.endIndex)
        else { return .foreign }
        let recorded = String(body[digestStart.upperBound..<end.lowerBound])
        let text = normalised(String(body[..<start.lowerBound]))
        return digest(text) == recorded ? .ours : .edited
    }

    /// The text without trailing white space and with `\n` line ends (GitHub may store `\r\n`).
    static func normalised(_ text: String) -> String {
        var result = text.replacingOccurrences(of: "\r\n", with: "\n")
        while let last = result.last, last.isWhitespace { result.removeLast() }
        return result
    }

    /// FNV-1a (64 bits) of the UTF-8 text, in hex: detects edits, not an adversary.
    static func digest(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
