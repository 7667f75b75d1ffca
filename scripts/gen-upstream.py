#!/usr/bin/env python3
"""Generate a realistic sample upstream: a pnpm-style monorepo shaped like MoonshotAI/kimi-code.

The repository is written with `git fast-import` (fast even for tens of thousands of commits):
  - apps/kimi-code/package.json carries the CLI version; each release commit bumps it and is
    tagged `@moonshot-ai/kimi-code@X.Y.Z` (annotated, with every --lightweight-every'th tag lightweight);
  - packages/node-sdk/package.json carries the SDK version, shared by consecutive releases;
  - unrelated tags and branches (nightlies, feature branches) that a mirror must ignore;
  - packages/node-sdk/src/index.ts is a multi-file entry (export * across files, a package.json
    imports map in string and array forms, a cycle, another package) whose exported names change
    with the SDK's source revision: tools are added, and now and then one is removed;
  - optional faults for tests and the demo: an SDK tree change without a version bump (--drift-at),
    an SDK version that goes backwards (--regress-at), a release whose smoke fails (--broken-at);
  - optional bulk for benchmarks: a monorepo tree of many files (--tree-files) of which every commit
    edits a few lines (--changes-per-commit), a large lockfile that changes at every release
    (--lockfile-kb), and a tail of commits and releases after the base history (--append-commits,
    --append-releases: the first --commits commits are identical to a run without them, so the
    base tip and the tail make an "incremental" upstream update).

Usage: gen-upstream.py DIR [--commits N] [--releases N] [--unrelated N] [--start-minor M] ...
Prints one JSON line describing the releases (tag, sdk version) for tests.
"""
import argparse
import json
import os
import random
import subprocess
import sys

EPOCH = 1767225600  # 2026-01-01T00:00:00Z


def blob(data):
    raw = data.encode()
    return b"data %d\n" % len(raw) + raw + b"\n"


BULK_PACKAGES = ["agent-core", "cli", "tui", "node-sdk-internal", "mcp", "tools", "config", "telemetry",
                 "auth", "wire", "sandbox", "docs-site"]
BULK_AREAS = ["session", "runtime", "render", "commands", "providers", "util", "schema", "tests"]
BULK_WORDS = ["session", "token", "budget", "stream", "prompt", "tool", "result", "event", "config", "model",
              "permission", "context", "render", "buffer", "cursor", "request", "response", "handler"]


def bulk_line(rng, c):
    w = rng.choice(BULK_WORDS)
    return f"  const {w}{c} = {rng.choice(BULK_WORDS)}.{rng.choice(BULK_WORDS)}({rng.randrange(1000)});\n"


def bulk_source(rng, f):
    lines = [f"// generated module {f}\n", "import { Session } from '../session';\n"]
    for fn in range(rng.randrange(4, 10)):
        name = rng.choice(BULK_WORDS) + rng.choice(BULK_WORDS).capitalize() + str(fn)
        lines.append(f"\nexport function {name}(input: {rng.choice(BULK_WORDS).capitalize()}): number {{\n")
        for _ in range(rng.randrange(3, 9)):
            lines.append(bulk_line(rng, f))
        lines.append(f"  return {rng.randrange(100)};\n}}\n")
    return lines


def bulk_lockfile(rng, kb):
    lines = ["lockfileVersion: '9.0'\n", "\n", "packages:\n"]
    size = 0
    n = 0
    while size < kb * 1024:
        entry = [f"  '{rng.choice(BULK_WORDS)}-{rng.choice(BULK_WORDS)}-{n}':\n",
                 f"      version: {rng.randrange(1, 20)}.{rng.randrange(0, 40)}.{rng.randrange(0, 60)}\n",
                 f"      resolution: {{integrity: sha512-{rng.getrandbits(256):064x}}}\n"]
        lines += entry
        size += sum(len(x) for x in entry)
        n += 1
    return lines


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("dir")
    p.add_argument("--commits", type=int, default=200)
    p.add_argument("--releases", type=int, default=60)
    p.add_argument("--unrelated", type=int, default=6, help="unrelated tags and branches each")
    p.add_argument("--sdk-every", type=int, default=3, help="bump the SDK every N releases")
    p.add_argument("--lightweight-every", type=int, default=5)
    p.add_argument("--drift-at", type=int, default=-1, help="release index whose SDK tree changes without a bump")
    p.add_argument("--regress-at", type=int, default=-1, help="release index whose SDK version goes backwards")
    p.add_argument("--broken-at", type=int, default=-1, help="release index whose smoke fails")
    p.add_argument("--files", type=int, default=40, help="source files in the agent-core package")
    p.add_argument("--tree-files", type=int, default=0, help="extra source files across the monorepo's packages")
    p.add_argument("--changes-per-commit", type=int, default=0, help="tree files edited by every commit")
    p.add_argument("--lockfile-kb", type=int, default=0, help="size of a pnpm-lock.yaml that changes at every release")
    p.add_argument("--append-commits", type=int, default=0, help="commits after the base history (no unrelated refs)")
    p.add_argument("--append-releases", type=int, default=0, help="releases among the appended commits")
    p.add_argument("--seed", type=int, default=1, help="seed of the bulk content")
    p.add_argument("--branch", default="main")
    p.add_argument("--bare", action="store_true")
    a = p.parse_args()

    os.makedirs(a.dir, exist_ok=True)
    init = ["git", "init", "-q", "-b", a.branch] + (["--bare"] if a.bare else []) + [a.dir]
    subprocess.run(init, check=True)

    releases_at = set()
    if a.releases:
        step = max(1, a.commits // a.releases)
        releases_at = {min(a.commits - 1, step * (i + 1) - 1) for i in range(a.releases)}
        # make sure the count is exact even with rounding
        i = a.commits - 1
        while len(releases_at) < a.releases and i >= 0:
            releases_at.add(i)
            i -= 1
    if a.append_commits and a.append_releases:
        step = max(1, a.append_commits // a.append_releases)
        releases_at |= {a.commits + min(a.append_commits - 1, step * (i + 1) - 1) for i in range(a.append_releases)}
    releases_at = sorted(releases_at)
    total_commits = a.commits + a.append_commits
    total_releases = len(releases_at) if a.append_releases else a.releases
    rng = random.Random(a.seed)

    out = []
    mark = 0
    sdk_minor, sdk_patch = 1, 0
    cli = [0, 2, 0]
    release_index = 0
    info = []
    files = {}
    files["package.json"] = json.dumps({"name": "kimi-code-monorepo", "private": True, "packageManager": "pnpm@10.12.1"}, indent=2) + "\n"
    files["pnpm-workspace.yaml"] = "packages:\n  - apps/*\n  - packages/*\n"
    files["pnpm-lock.yaml"] = "lockfileVersion: '9.0'\n"
    files["tools/smoke.py"] = (
        "import json, pathlib, sys\n"
        "root = pathlib.Path('.')\n"
        "m = json.loads((root / 'packages/node-sdk/package.json').read_text())\n"
        "src = (root / 'packages/node-sdk/src/index.ts').read_text()\n"
        "print('building', m['name'], m['version'])\n"
        "if 'BROKEN' in src:\n"
        "    print(\"src/index.ts(3,14): error TS2304: Cannot find name 'SessionOptions'.\")\n"
        "    sys.exit(2)\n"
        "print('build ok')\n"
    )
    for f in range(a.files):
        files[f"packages/agent-core/src/module{f:03d}.ts"] = f"export const m{f} = {f};\n"
    sdk_src_rev = 0

    # Bulk for benchmarks: tree files as lists of lines, edited a line or two at a time so that
    # packs hold realistic delta chains.
    tree = {}
    for f in range(a.tree_files):
        pkg = BULK_PACKAGES[f % len(BULK_PACKAGES)]
        area = BULK_AREAS[(f // len(BULK_PACKAGES)) % len(BULK_AREAS)]
        tree[f"packages/{pkg}/src/{area}/{area}-{f:05d}.ts"] = bulk_source(rng, f)
    tree_paths = sorted(tree)
    for path in tree_paths:
        files[path] = "".join(tree[path])
    lock = bulk_lockfile(rng, a.lockfile_kb) if a.lockfile_kb > 0 else None
    if lock is not None:
        files["pnpm-lock.yaml"] = "".join(lock)

    def sdk_manifest():
        return json.dumps({"name": "@moonshot-ai/kimi-code-sdk", "version": f"0.{sdk_minor}.{sdk_patch}",
                           "private": True, "main": "dist/index.js", "imports": sdk_imports()}, indent=2) + "\n"

    def sdk_index(broken=False):
        return (f"// rev {sdk_src_rev}: the public surface (comments that say export * from './nowhere' do not count)\n"
                "export * from './client.js';\n"
                "export { Session, type SessionOptions } from './session.js';\n"
                "export type * from '#/types';\n"
                "export * from '#/tools';\n"
                "export * from '@moonshot-ai/agent-core';\n"
                + ("export const x: SessionOptions = BROKEN;\n" if broken else ""))

    def sdk_sources():
        """The SDK's multi-file surface at source revision sdk_src_rev: every revision adds a tool,
        every fourth drops the four oldest once there are enough (a breaking change), and every
        fifth flips the imports map between its string and array forms."""
        first = max(0, 4 * (sdk_src_rev // 4) - 16)
        tools = "".join(f"export function tool{n}(input: string): string {{ return input; }}\n"
                        for n in range(first, sdk_src_rev + 2))
        found = {
            "packages/node-sdk/src/client.ts": "export class KimiClient {}\nexport interface ClientOptions { model: string }\n"
                                               "export * from './client-events';\n",
            "packages/node-sdk/src/client-events.ts": "export type ClientEvent = 'open' | 'close';\nexport * from './client.js';\n",
            "packages/node-sdk/src/session.ts": "export class Session {}\nexport type SessionOptions = { budget: number };\n",
            "packages/node-sdk/src/types.ts": "export type TurnId = string;\n/* export type Hidden = 1; */\n",
            "packages/node-sdk/src/tools/index.ts": tools,
        }
        return found

    def sdk_imports():
        if (sdk_src_rev // 5) % 2 == 0:
            return {"#/*": ["./src/*.ts", "./src/*/index.ts"]}
        return {"#/types": "./src/types.ts", "#/tools": "./src/tools/index.ts"}

    files["packages/node-sdk/package.json"] = sdk_manifest()
    files["packages/node-sdk/src/index.ts"] = sdk_index()
    files.update(sdk_sources())
    files["apps/kimi-code/package.json"] = json.dumps({"name": "@moonshot-ai/kimi-code", "version": "0.2.0"}, indent=2) + "\n"

    changed = set(files)
    last_commit_mark = None
    tags = []
    for c in range(total_commits):
        is_release = c in releases_at and release_index < total_releases
        msg = f"feat(core): change {c}\n"
        files[f"packages/agent-core/src/module{c % a.files:03d}.ts"] = f"export const m{c % a.files} = {c};\n"
        changed.add(f"packages/agent-core/src/module{c % a.files:03d}.ts")
        if tree_paths:
            for path in rng.sample(tree_paths, min(a.changes_per_commit, len(tree_paths))):
                lines = tree[path]
                at = rng.randrange(2, len(lines))
                if rng.random() < 0.25:
                    lines.insert(at, f"  // change {c}: {rng.choice(BULK_WORDS)} {rng.choice(BULK_WORDS)}\n")
                else:
                    lines[at] = bulk_line(rng, c)
                files[path] = "".join(lines)
                changed.add(path)
        if is_release:
            if release_index > 0:
                if release_index == a.regress_at:
                    sdk_patch = max(0, sdk_patch - 1) if sdk_patch > 0 else sdk_patch
                    if sdk_patch == 0 and sdk_minor > 1:
                        sdk_minor -= 1
                        sdk_patch = 9
                elif release_index % a.sdk_every == 0:
                    sdk_patch += 1
                    sdk_src_rev += 1
                    if sdk_patch >= 4:
                        sdk_minor, sdk_patch = sdk_minor + 1, 0
                elif release_index == a.drift_at:
                    sdk_src_rev += 1  # tree changes, version does not
                cli[2] += 1
                if cli[2] >= 3:
                    cli[1], cli[2] = cli[1] + 1, 0
            version = ".".join(map(str, cli))
            files["apps/kimi-code/package.json"] = json.dumps({"name": "@moonshot-ai/kimi-code", "version": version}, indent=2) + "\n"
            files["packages/node-sdk/package.json"] = sdk_manifest()
            files["packages/node-sdk/src/index.ts"] = sdk_index(broken=(release_index == a.broken_at))
            sources = sdk_sources()
            changed |= {path for path, text in sources.items() if files.get(path) != text}
            files.update(sources)
            changed |= {"apps/kimi-code/package.json", "packages/node-sdk/package.json", "packages/node-sdk/src/index.ts"}
            if lock is not None:
                for _ in range(max(1, len(lock) // 200)):
                    at = rng.randrange(3, len(lock))
                    lock[at] = f"      version: {rng.randrange(1, 20)}.{rng.randrange(0, 40)}.{rng.randrange(0, 60)}\n"
                files["pnpm-lock.yaml"] = "".join(lock)
                changed.add("pnpm-lock.yaml")
            msg = f"chore(release): @moonshot-ai/kimi-code@{version}\n"
        elif release_index == a.broken_at + 1 and a.broken_at >= 0 and "BROKEN" in files["packages/node-sdk/src/index.ts"]:
            files["packages/node-sdk/src/index.ts"] = sdk_index()
            changed.add("packages/node-sdk/src/index.ts")
        mark += 1
        cmark = mark
        t = EPOCH + c * 3600
        out.append(b"commit refs/heads/%s\nmark :%d\n" % (a.branch.encode(), cmark))
        out.append(b"author Upstream Dev <dev@upstream.example> %d +0000\n" % t)
        out.append(b"committer Upstream Dev <dev@upstream.example> %d +0000\n" % t)
        out.append(blob(msg))
        if last_commit_mark:
            out.append(b"from :%d\n" % last_commit_mark)
        for path in sorted(changed):
            out.append(b"M 100644 inline %s\n" % path.encode())
            out.append(blob(files[path]))
        changed = set()
        last_commit_mark = cmark
        if is_release:
            tag = f"@moonshot-ai/kimi-code@{version}"
            annotated = a.lightweight_every <= 0 or (release_index + 1) % a.lightweight_every != 0
            if annotated:
                out.append(b"tag %s\nfrom :%d\n" % (tag.encode(), cmark))
                out.append(b"tagger Release Bot <bot@upstream.example> %d +0000\n" % t)
                out.append(blob(f"Release {version}\n"))
            else:
                out.append(b"reset refs/tags/%s\nfrom :%d\n\n" % (tag.encode(), cmark))
            info.append({"tag": tag, "version": version, "sdk": f"0.{sdk_minor}.{sdk_patch}", "annotated": annotated})
            release_index += 1
        if a.unrelated and c % max(1, a.commits // max(1, a.unrelated)) == 0 and 0 < c < a.commits:
            n = c // max(1, a.commits // max(1, a.unrelated))
            if n <= a.unrelated:
                out.append(b"reset refs/tags/nightly-%04d\nfrom :%d\n\n" % (n, cmark))
                out.append(b"reset refs/heads/feature/topic-%d\nfrom :%d\n\n" % (n, cmark))
    stream = b"".join(out)
    git_dir = a.dir if a.bare else os.path.join(a.dir, ".git")
    subprocess.run(["git", "--git-dir", git_dir, "fast-import", "--quiet", "--done"],
                   input=stream + b"done\n", check=True)
    if not a.bare:
        subprocess.run(["git", "-C", a.dir, "checkout", "-q", "-f", a.branch], check=True)
    print(json.dumps({"releases": info}))


if __name__ == "__main__":
    main()
