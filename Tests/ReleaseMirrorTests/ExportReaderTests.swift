import Foundation
import Git
@testable import ReleaseMirror
import Testing
import TestSupport

/// `ExportReader` on real files: a directory on disk (`DirectoryFiles`) and the blobs of real
/// commits made with the git CLI (`GitTreeFiles`).
@Suite struct ExportReaderTests {
    /// Writes `files` (path → contents) under a fresh directory.
    static func directory(_ files: [String: String]) throws -> TemporaryDirectory {
        let tmp = TemporaryDirectory("rm-exports")
        for (path, text) in files {
            let full = tmp.url(path)
            try FileManager.default.createDirectory(
                atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
        return tmp
    }

    static func surface(_ files: [String: String], entry: String = "src/index.ts") throws -> ExportSurface {
        let tmp = try directory(files)
        return ExportReader(source: DirectoryFiles(root: tmp.path)).exports(entry: entry)
    }

    @Test func multiLineListsInlineTypeModifiersAndRenames() throws {
        let surface = try Self.surface([
            "src/index.ts": """
                export {
                  Client,
                  type ClientOptions,
                  createSession as startSession,   // renamed
                  type Internal as PublicInternal,
                  type,
                  type as typeAlias,
                  default as Kimi,
                  x as "quoted name",
                } from './client.js';
                export type { Event,
                  EventKind } from "./events";
                export { helper };
                const helper = 1;
                """,
        ])
        #expect(
            surface.names == [
                "Client", "ClientOptions", "Event", "EventKind", "Kimi", "PublicInternal", "helper", "quoted name",
                "startSession", "type", "typeAlias",
            ])
        #expect(surface.warnings.isEmpty, "named re-exports are names; their files are not needed")
    }

    @Test func commentsStringsTemplatesAndRegexesHideNoExports() throws {
        let surface = try Self.surface([
            "src/index.ts": #"""
                // export const lineComment = 1;
                /* export const blockComment = 2;
                   export * from './nowhere'; */
                /** @example export function docExample() {} */
                const s1 = "export const inDouble = 3; it's";
                const s2 = 'export const inSingle = 4; "quoted"';
                const t = `export const inTemplate = ${ { a: `nested export const deep = ${1}` }.a } and } {`;
                const r = /export const inRegex = '"`[/]/g;
                const d = 4 / 2; export const afterDivision = d / 1;
                export const real = "// not a comment", alsoReal = '/* nor this */';
                export function ok(): string { return `}`; }
                """#,
        ])
        #expect(surface.names == ["afterDivision", "alsoReal", "ok", "real"])
        #expect(surface.warnings.isEmpty)
    }

    @Test func declarationsWithModifiers() throws {
        let surface = try Self.surface([
            "src/index.ts": """
                export declare const VERSION: string;
                export declare function declared(): void;
                export abstract class Base {}
                export default abstract class Ignored {}
                export async function run() {}
                export function* generate() {}
                export async function* stream() {}
                export interface Options { export: boolean }
                export type Mode = 'a' | 'b';
                export enum Color { Red }
                export const enum Flag { On }
                export declare const enum Bit { One }
                export namespace Tools { export const inner = 1; }
                export declare namespace Outer.Inner {}
                export let counter = 0, limit: Map<string, number> = new Map(), max = 3
                export var legacy
                export const { a, b: renamed, ...rest } = source, [first, , third = 1] = list;
                export import Alias = Tools.inner;
                declare module 'augmented' { export const notOurs: number; }
                declare global { export interface Window { x: 1 } }
                export = Something;
                export as namespace GlobalName;
                function overloaded(): void
                export function over(a: string): void;
                export function over(a: number): void;
                export class Decorated {}
                """,
        ])
        #expect(
            surface.names == [
                "Alias", "Base", "Bit", "Color", "Decorated", "Flag", "Mode", "Options", "Outer", "Tools", "VERSION", "a",
                "counter", "declared", "default", "first", "generate", "legacy", "limit", "max", "over", "renamed", "rest",
                "run", "stream", "third",
            ])
    }

    @Test func starReExportsAcrossFilesWithExtensionsAndIndex() throws {
        let surface = try Self.surface([
            "src/index.ts": """
                export * from './client.js';
                export type * from './types';
                export * as util from './util/index.js';
                export * from './ui';
                export * from './nested/deep.js'
                export default function main() {}
                """,
            "src/client.ts": "export class Client {}\nexport default Client;\n",
            "src/types.ts": "export type Id = string;\nexport interface Shape {}\n",
            "src/ui.tsx": "export const Button = () => null;\n",
            "src/nested/deep/index.ts": "export const notThis = 1;\n",
            "src/nested/deep.ts": "export * from '../more';\n",
            "src/more/index.ts": "export const More = 1;\n",
        ])
        #expect(surface.names == ["Button", "Client", "Id", "More", "Shape", "default", "util"])
        #expect(surface.files == ["src/client.ts", "src/index.ts", "src/more/index.ts", "src/nested/deep.ts", "src/types.ts", "src/ui.tsx"])
        #expect(surface.warnings.isEmpty)
    }

    @Test func importsMapStringArrayAndConditionTargets() throws {
        let surface = try Self.surface([
            "package.json": """
                {"name": "@x/sdk", "imports": {
                  "#/*": ["./src/*.ts", "./src/*/index.ts"],
                  "#/special/*": "./lib/special-*.ts",
                  "#config": "./src/config/settings.ts",
                  "#cond": {"types": "./src/cond.d.ts", "default": "./src/cond.js"},
                  "#dep": "some-package"
                }}
                """,
            "src/index.ts": """
                export * from '#/client';
                export * from '#/agents';
                export * from '#/special/one';
                export * from '#config';
                export * from '#cond';
                export * from '#dep';
                export * from '#unmapped';
                """,
            "src/client.ts": "export const fromString = 1;\n",
            "src/agents/index.ts": "export const fromSecondTarget = 1;\n",
            "lib/special-one.ts": "export const fromLongestPattern = 1;\n",
            "src/config/settings.ts": "export const fromExactKey = 1;\n",
            "src/cond.d.ts": "export declare const fromTypesCondition: 1;\n",
        ])
        #expect(surface.names == ["fromExactKey", "fromLongestPattern", "fromSecondTarget", "fromString", "fromTypesCondition"])
        #expect(surface.opaque == ["* from 'some-package'"])
        #expect(surface.warnings.count == 1)
        #expect(surface.warnings.first?.contains("src/index.ts:7") ?? false)
        #expect(surface.warnings.first?.contains("'#unmapped'") ?? false)
    }

    @Test func cyclesTerminateAndStarNeverPassesDefault() throws {
        let surface = try Self.surface([
            "src/index.ts": "export * from './a';\nexport const root = 1;\n",
            "src/a.ts": "export * from './b';\nexport * from './a';\nexport default 1;\nexport const a = 1;\n",
            "src/b.ts": "export * from './index';\nexport * from './a';\nexport const b = 1;\n",
        ])
        #expect(surface.names == ["a", "b", "root"])
        #expect(surface.files == ["src/a.ts", "src/b.ts", "src/index.ts"])
    }

    @Test func missingFilesAreWarningsNamingThem() throws {
        let surface = try Self.surface([
            "src/index.ts": "export const kept = 1;\n\nexport * from './gone.js';\nexport * from '../../../outside';\n"
        ])
        #expect(surface.found)
        #expect(surface.names == ["kept"])
        #expect(surface.warnings.count == 2)
        #expect(surface.warnings[0].contains("src/index.ts:3: export * from './gone.js'"))
        #expect(surface.warnings[0].contains("src/gone.ts"))
        #expect(surface.warnings[1].contains("leaves the source root"))

        let absent = try Self.surface(["src/other.ts": "export const x = 1;\n"])
        #expect(!absent.found)
        #expect(absent.names.isEmpty)
        #expect(absent.warnings.first?.contains("entry src/index.ts does not exist") ?? false)
    }

    @Test func otherPackagesAreOpaqueOrNamed() throws {
        let surface = try Self.surface([
            "src/index.ts": """
                export * from '@moonshot-ai/agent-core';
                export type * from '@moonshot-ai/agent-core';
                export { Tool, type ToolSpec } from '@moonshot-ai/agent-core';
                export * as core from '@moonshot-ai/agent-core';
                """,
        ])
        #expect(surface.names == ["Tool", "ToolSpec", "core"])
        #expect(surface.opaque == ["* from '@moonshot-ai/agent-core'"])
        #expect(surface.symbols == ["* from '@moonshot-ai/agent-core'", "Tool", "ToolSpec", "core"])
    }

    @Test func builtDistFilesFollowTheirOwnSpelling() throws {
        let files = [
            "dist/index.mjs": "export { a as Client, b as run } from './chunk-X1.mjs';\nexport * from './extra.mjs';\n",
            "dist/chunk-X1.mjs": "var a = class {}; function b() {}\nexport { a, b };\n",
            "dist/extra.mjs": "const re = /export'/; export const extra = re;\n",
            "dist/index.d.mts": "export { Client, run } from './chunk-X1.mjs';\nexport * from './extra.mjs';\nexport type * from './types.js';\n",
            "dist/extra.d.mts": "export declare const extra: RegExp;\nexport interface ExtraOnlyType {}\n",
            "dist/types.d.ts": "export type Id = string;\n",
        ]
        let tmp = try Self.directory(files)
        let reader = ExportReader(source: DirectoryFiles(root: tmp.path + "/"))
        let runtime = reader.exports(entry: "dist/index.mjs")
        #expect(runtime.names == ["Client", "extra", "run"])
        #expect(runtime.files == ["dist/extra.mjs", "dist/index.mjs"])
        let types = reader.exports(entry: "dist/index.d.mts")
        #expect(types.names == ["Client", "ExtraOnlyType", "Id", "extra", "run"])
        #expect(types.files == ["dist/extra.d.mts", "dist/index.d.mts", "dist/types.d.ts"])
        #expect(runtime.warnings.isEmpty && types.warnings.isEmpty)
    }

    @Test func directorySourceStaysInsideItsRoot() throws {
        let tmp = try Self.directory(["pkg/src/index.ts": "export * from './link';\n", "secret.ts": "export const leaked = 1;\n"])
        try FileManager.default.createSymbolicLink(atPath: tmp.url("pkg/src/link.ts"), withDestinationPath: tmp.url("secret.ts"))
        let surface = ExportReader(source: DirectoryFiles(root: tmp.url("pkg"))).exports(entry: "src/index.ts")
        #expect(surface.names.isEmpty)
        #expect(surface.warnings.count == 1)
    }

    @Test func gitBlobsAtCommitsWithoutCheckoutCachedByBlobID() throws {
        let tmp = TemporaryDirectory("rm-exports-git")
        let path = tmp.url("repo")
        try Shell.git("init", "-q", "-b", "main", path, in: tmp.path)
        func write(_ file: String, _ text: String) throws {
            let full = path + "/" + file
            try FileManager.default.createDirectory(
                atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
        let sdk = "packages/node-sdk"
        try write(sdk + "/package.json", ##"{"name": "sdk", "version": "1.0.0", "imports": {"#/*": ["./src/*.ts", "./src/*/index.ts"]}}"##)
        try write(sdk + "/src/index.ts", "export * from '#/client';\nexport * from '#/tools';\n")
        try write(sdk + "/src/client.ts", "export class Client {}\n")
        try write(sdk + "/src/tools/index.ts", "export const search = 1;\n")
        try Shell.git("add", "-A", in: path)
        try Shell.git("commit", "-q", "-m", "one", in: path)
        let first = try Shell.git("rev-parse", "HEAD", in: path)
        try write(sdk + "/src/tools/index.ts", "export const search = 1;\nexport const fetchPage = 2;\n")
        try Shell.git("commit", "-q", "-am", "two", in: path)
        let second = try Shell.git("rev-parse", "HEAD", in: path)
        try write(sdk + "/src/client.ts", "export const workingTreeOnly = 1;\n")  // never read: blobs only

        let repository = try Repository.open(at: path)
        let cache = ExportParseCache()
        func read(_ hex: String) throws -> ExportSurface {
            let commit = try #require(ObjectID(hex: hex))
            let files = GitTreeFiles(repository: repository, commit: commit, label: "v-test")
            return ExportReader(source: files, cache: cache).exports(entry: sdk + "/src/index.ts")
        }
        let one = try read(first)
        let two = try read(second)
        #expect(one.names == ["Client", "search"])
        #expect(two.names == ["Client", "fetchPage", "search"])
        #expect(cache.parsedFiles == 4, "index.ts and client.ts are the same blobs at both commits")
        let missing = GitTreeFiles(repository: repository, commit: try #require(ObjectID(hex: first)), label: "v0")
        let none = ExportReader(source: missing, cache: cache).exports(entry: "packages/gone/index.ts")
        #expect(!none.found)
        #expect(none.warnings == ["entry packages/gone/index.ts does not exist at v0 (\(first.prefix(12)))"])
    }
}

/// Whatever bytes a file holds, the parser returns: every prefix of a tricky source (cut inside a
/// comment, a string, a template, a regular expression, a list) and bytes that are not UTF-8.
@Suite struct ExportParserRobustnessTests {
    @Test func everyPrefixAndInvalidBytesParse() throws {
        let source = Array(
            #"""
            #!/usr/bin/env node
            /* a */ export { a, type B as C } from './x.js'; // c
            export const t = `x${ { y: `z${1}` } }`, r = /[/'"]+/g, s = 'q\'q', d = "e\"e";
            export * from '#/y'; export type * as N from "m"; export default class {}
            export const { p, q: [r2, ...s2] } = o;
            """#.utf8)
        let tmp = TemporaryDirectory("rm-exports-prefix")
        for end in 0...source.count {
            try Data(source[..<end] + [0xFF, 0xFE, 0x60, 0x7B]).write(to: URL(fileURLWithPath: tmp.url("index.ts")))
            let surface = ExportReader(source: DirectoryFiles(root: tmp.path)).exports(entry: "index.ts")
            #expect(surface.found)
            if end == source.count {
                #expect(surface.names == ["C", "N", "a", "d", "default", "p", "r", "r2", "s", "s2", "t"])
            }
        }
    }
}
