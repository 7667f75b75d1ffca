import Foundation

/// A GitHub Actions workflow command for one error or warning: `::error file=F,line=N::message`,
/// with `file=` and `line=` when the problem concerns a known file (a path inside
/// `$GITHUB_WORKSPACE` is made relative to it, as GitHub links them) and line.
struct Annotation {
    let kind: String
    let file: String?
    let line: Int?

    /// The command line for `message`.
    func command(_ message: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        var properties: [String] = []
        if let file, !file.isEmpty {
            properties.append("file=" + Self.escapeProperty(Self.relative(file, workspace: environment["GITHUB_WORKSPACE"])))
            if let line, line > 0 { properties.append("line=\(line)") }
        }
        let head = properties.isEmpty ? "::\(kind)::" : "::\(kind) \(properties.joined(separator: ","))::"
        return head + Self.escapeData(message)
    }

    /// `path` relative to `workspace` when it is inside it.
    static func relative(_ path: String, workspace: String?) -> String {
        guard let workspace, !workspace.isEmpty else { return path }
        let base = workspace.hasSuffix("/") ? workspace : workspace + "/"
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }

    /// The message: `%`, CR and LF escaped.
    static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// A property value: also `:` and `,` escaped.
    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
