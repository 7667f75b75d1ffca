import Foundation

import ReleaseMirror

/// The human table of `patch list`.
enum PatchListing {
    /// What `patch list --json` prints: `{"patches": [...]}`.
    struct Document: Encodable {
        let patches: [PatchInfo]
    }

    static func print(_ patches: [PatchInfo], console: Console) {
        guard !patches.isEmpty else {
            console.result("no patch branches (start one with `release-mirror patch start NAME --on TAG`)")
            return
        }
        let rows = [["NAME", "BASE", "AHEAD", "TIP", "SMOKE", "PUBLISHED", "STATUS"]] + patches.map { patch in
            [
                patch.name, patch.baseTag ?? "—", patch.ahead.map(String.init) ?? "—", patch.tip.map { String($0.prefix(12)) } ?? "—",
                patch.smoke?.rawValue ?? "—", patch.published.isEmpty ? "—" : patch.published.joined(separator: ", "), patch.status,
            ]
        }
        let widths = (0..<7).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            console.result(
                row.enumerated().map { index, cell in
                    index == 6 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
                }.joined(separator: "  "))
        }
    }
}
