import Foundation
import ReleaseMirror

/// Prints the outcome of `release-mirror package`: the checks with their evidence, then the file
/// list, total size and dist-tag (or why nothing was written), the JSON result, the job outputs
/// and the step summary.
struct PackageSummary {
    let result: PackageResult
    let console: Console
    /// The file each check concerns in `--source`, for the annotation of a failed check.
    var files: [PackageCheck.Kind: String] = [:]

    func print() {
        console.result("package \(result.name) \(result.version) from \(result.publishTag)")
        for check in result.checks {
            let label: String
            switch check.status {
            case .pass: label = "pass"
            case .fail: label = "FAIL"
            case .skipped: label = "skip"
            }
            console.result(
                "  \(label.padding(toLength: 6, withPad: " ", startingAt: 0)) "
                    + "\(check.id.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0)) \(check.evidence)")
        }
        if result.outcome == .packaged, let directory = result.directory {
            console.result("wrote \(directory):")
            let width = result.files.map { PackageSummary.size($0.size).count }.max() ?? 0
            for file in result.files {
                let size = PackageSummary.size(file.size)
                console.result("  \(String(repeating: " ", count: width - size.count))\(size)  \(file.path)")
            }
            console.result(
                "\(result.files.count) file(s), \(PackageSummary.size(result.totalSize)) in total; "
                    + "publish with: npm publish \(directory) --provenance --access public --tag \(result.distTag)")
        } else {
            let failed = result.failed.map(\.id.rawValue).joined(separator: ", ")
            console.error("refused: \(result.failed.count) check(s) failed (\(failed)); nothing was written to --out")
            if console.gitHubActions {
                for check in result.failed { console.error("\(check.id.rawValue): \(check.evidence)", file: files[check.id], line: nil) }
            }
        }
        console.emitJSON(result)
        console.outputs([
            ("name", result.name), ("version", result.version), ("dist-tag", result.distTag),
            ("directory", result.directory ?? ""), ("outcome", result.outcome.rawValue),
            ("exit-status", String(result.exitStatus.rawValue)),
        ])
        console.stepSummary(markdown())
    }

    func markdown() -> String {
        var lines = ["### release-mirror package \(result.name) \(result.version)", "", "| check | result | evidence |", "|---|---|---|"]
        for check in result.checks {
            lines.append("| \(check.id.rawValue) | \(check.status.rawValue) | \(check.evidence.replacingOccurrences(of: "|", with: "\\|")) |")
        }
        lines.append("")
        if result.outcome == .packaged {
            lines.append("**packaged**: \(result.files.count) file(s), \(PackageSummary.size(result.totalSize)), dist-tag `\(result.distTag)`")
        } else {
            lines.append("**refused**: nothing was written")
        }
        return lines.joined(separator: "\n")
    }

    /// `812 B`, `4.2 kB`, `1.3 MB` (decimal units, as npm prints them).
    static func size(_ bytes: Int) -> String {
        if bytes < 1000 { return "\(bytes) B" }
        if bytes < 1_000_000 { return String(format: "%.1f kB", Double(bytes) / 1000) }
        return String(format: "%.1f MB", Double(bytes) / 1_000_000)
    }
}
