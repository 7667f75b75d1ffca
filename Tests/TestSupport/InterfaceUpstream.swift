import Foundation

/// A small upstream made with the git CLI whose SDK entry (`packages/sdk/src/index.ts`) changes
/// its exported names release by release, with a release-mirror configuration that mirrors it in
/// place (the repository is its own mirror; nothing is pushed):
///
/// | tag | what changed | Interface |
/// |---|---|---|
/// | v1.0.0 | multi-file entry: `export *` (a cycle), `export type *` through an imports map, a rename, another package | — |
/// | v1.0.1 | `Options` added | additive (+1) |
/// | v1.0.2 | a function body edited | unchanged |
/// | v1.0.3 | `Id` removed, `Token` and `Turn` added, the imports map in its string form | breaking (−1, +2) |
/// | v1.0.4 | the entry deleted | — |
/// | v1.0.5 | the entry back | — (nothing to compare with) |
/// | v1.0.6 | `export * from './gone'` (a missing file) | unchanged |
public final class InterfaceUpstream: Sendable {
    /// The tags, oldest first, and the Interface cell each should get.
    public static let expected: [(tag: String, cell: String)] = [
        ("v1.0.0", "—"), ("v1.0.1", "additive (+1)"), ("v1.0.2", "unchanged"), ("v1.0.3", "breaking (\u{2212}1, +2)"),
        ("v1.0.4", "—"), ("v1.0.5", "—"), ("v1.0.6", "unchanged"),
    ]
    /// The entry inside the tree.
    public static let entry = "packages/sdk/src/index.ts"

    public let tmp = TemporaryDirectory("rm-interface")
    /// The repository (upstream and mirror at once).
    public var path: String { tmp.url("up") }
    /// The configuration file.
    public var config: String { tmp.url("release-mirror.toml") }
    /// The ledger.
    public var ledgerPath: String { tmp.url("RELEASES.md") }

    /// Builds the repository and writes the configuration; `report` is extra `[report]` TOML.
    public init(entry: String = InterfaceUpstream.entry, report: String = "") throws {
        try Shell.git("init", "-q", "-b", "main", path, in: tmp.path)
        let sdk = "packages/sdk"
        let index = """
            // export const commented = 1;  /* export * from './nowhere' */
            export * from './client.js';
            export type * from '#/types';
            export { helper as util } from './util';
            export * from '@scope/core';

            """
        try release("v1.0.0", [
            sdk + "/src/index.ts": index,
            sdk + "/src/client.ts": "export class Client {}\nexport * from './index';\n",
            sdk + "/src/types/index.ts": "export type Id = string;\n",
            sdk + "/src/util.ts": "export const helper = (): number => 1;\n",
        ])
        try release("v1.0.1", [sdk + "/src/client.ts": "export class Client {}\nexport * from './index';\nexport interface Options {}\n"])
        try release("v1.0.2", [sdk + "/src/util.ts": "export const helper = (): number => 2;\n"])
        try release("v1.0.3", [
            sdk + "/src/types/index.ts": "export type Token = string;\nexport type Turn = number;\n",
        ])
        try release("v1.0.4", [sdk + "/src/index.ts": nil])
        try release("v1.0.5", [sdk + "/src/index.ts": index])
        try release("v1.0.6", [sdk + "/src/index.ts": index + "export * from './gone';\n"])
        try """
            [upstream]
            url = "\(path)"
            release-tags = "v{version}"
            [mirror]
            repository = "\(path)"
            remote = ""
            [publish]
            manifest = "packages/sdk/package.json"
            entry = "\(entry)"
            ledger = "\(ledgerPath)"
            [report]
            \(report)
            """.write(toFile: config, atomically: true, encoding: .utf8)
    }

    /// Writes (or, for `nil`, deletes) files and the manifest (version = the tag's, the imports map
    /// in its array form before v1.0.3 and its string form from then on), commits and tags `tag`.
    private func release(_ tag: String, _ files: [String: String?]) throws {
        let version = String(tag.dropFirst())
        let imports = version < "1.0.3" ? ##"{"#/*": ["./src/*.ts", "./src/*/index.ts"]}"## : ##"{"#/types": "./src/types/index.ts"}"##
        var files = files
        files["packages/sdk/package.json"] = #"{"name": "@moonshot-ai/kimi-code-sdk", "version": "\#(version)", "imports": \#(imports)}"#
        for (file, text) in files {
            let full = path + "/" + file
            if let text {
                try FileManager.default.createDirectory(
                    atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try text.write(toFile: full, atomically: true, encoding: .utf8)
            } else {
                try FileManager.default.removeItem(atPath: full)
            }
        }
        try Shell.git("add", "-A", in: path)
        try Shell.git("commit", "-q", "-m", "release \(tag)", in: path)
        try Shell.git("tag", "-a", "-m", tag, tag, in: path)
    }
}
