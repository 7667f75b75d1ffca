#!/usr/bin/env python3
"""Writes the bad-input corpus (config/, ledger/, manifest/) and expectations.json.

Each file holds exactly one defect. expectations.json says what the tool must answer:
  config   `release-mirror --config FILE sync`: exit 2, one stderr line naming FILE:LINE;
  ledger   `release-mirror audit --ledger FILE` on an empty mirror: exit 5, exactly one error
           finding (id and line given);
  manifest the file committed as publish.manifest at a mirror tag, then `publish-tag`: exit 5,
           the `manifest` check fails naming the tag and the path.
Huge files, directories and symlinks where files are expected are made by the test at run time.
Re-run after editing: python3 make-corpus.py
"""
import json
import os

os.chdir(os.path.dirname(os.path.abspath(__file__)))
for d in ("config", "ledger", "manifest"):
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        os.remove(os.path.join(d, f))
V = '[upstream]\nurl = "https://example.invalid/up.git"\n'
exp = {}


def cfg(name, text, line, contains, raw=None):
    path = f"config/{name}.toml"
    open(path, "wb").write(raw if raw is not None else text.encode())
    exp[path] = {"exit": 2, "line": line, "contains": contains}


cfg("01-unknown-section", V + '\n[upstrem]\nbranch = "main"\n', 4, "upstrem: unknown key")
cfg("02-unknown-key", V + '\n[mirror]\ncolour = "blue"\n', 5, "mirror.colour: unknown key")
cfg("03-branch-not-string", V + 'branch = 3\n', 3, "upstream.branch: must be a string")
cfg("04-timeout-is-string", V + '\n[smoke]\ntimeout-seconds = "1800"\n', 5, "smoke.timeout-seconds: must be an integer")
cfg("05-bool-is-string", V + '\n[publish]\nrequire-smoke = "yes"\n', 5, "publish.require-smoke: must be true or false")
cfg("06-command-not-array", V + '\n[smoke]\ncommand = "make test"\n', 5, "smoke.command: must be an array of strings")
cfg("07-array-with-number", V + '\n[smoke]\nenv = ["PATH", 3]\n', 5, "smoke.env: must contain only strings")
cfg("08-section-not-table", 'smoke = "fast"\n' + V, 1, "smoke: must be a table")
cfg("09-duplicate-key", V + 'url = "https://example.invalid/other.git"\n', 3, "TOML syntax")
cfg("10-duplicate-section", V + '\n[mirror]\nbranch = "a"\n\n[mirror]\nremote = ""\n', 7, "TOML syntax")
cfg("11-truncated-string", '[upstream]\nurl = "https://exa', 2, "TOML syntax")
cfg("12-truncated-header", V + '\n[mirr', 4, "TOML syntax")
cfg("13-invalid-utf8", None, 3, "not valid UTF-8", raw=b'[upstream]\nurl = "https://example.invalid/up.git"\nbranch = "ma\xff\xfein"\n')
cfg("14-tag-pattern-space", V + 'release-tags = "kimi code@{version}"\n', 3, "cannot be a valid ref name")
cfg("15-tag-pattern-dotdot", V + 'release-tags = "kimi..code@{version}"\n', 3, "cannot be a valid ref name")
cfg("16-tag-pattern-at-brace", V + 'release-tags = "kimi@{{version}"\n', 3, "cannot be a valid ref name")
cfg("17-tag-pattern-control-char", V + 'release-tags = "kimi\\u0007{version}"\n', 3, "contains control characters")
cfg("18-tag-pattern-no-placeholder", V + 'release-tags = "v1.0.0"\n', 3, "must contain {version} exactly once")
cfg("19-tag-pattern-two-placeholders", V + 'release-tags = "{version}/{version}"\n', 3, "must contain {version} exactly once")
cfg("20-release-branch-dotdot", V + '\n[mirror]\nrelease-branch = "release/..v{version}"\n', 5, "cannot be a valid ref name")
cfg("21-publish-tag-space", V + '\n[publish]\ntag = "publish sdk/v{version}"\n', 5, "cannot be a valid ref name")
cfg("22-branch-at-brace", V + 'branch = "main@{1}"\n', 3, "is not a valid branch name")
cfg("23-branch-dot-lock", V + '\n[mirror]\nbranch = "upstream.lock"\n', 5, "is not a valid branch name")
cfg("24-smoke-on-unknown", V + '\n[smoke]\non = "sometimes"\n', 5, "is not one of")
cfg("25-timeout-zero", V + '\n[smoke]\ntimeout-seconds = 0\n', 5, "must be between 1 and 86400")
cfg("26-token-in-token-env", V + '\n[report]\ntoken-env = "ghp_0123456789abcdefghijABCDEFGHIJ012345"\n', 5, "never a token")
cfg("27-github-repository-malformed", V + '\n[report]\ngithub-repository = "botiverse"\n', 5, 'must be "owner/name"')
cfg("28-manifest-path-escapes", V + '\n[publish]\nmanifest = "../package.json"\n', 5, "must be a path inside the upstream tree")
cfg("29-allow-suffix-without-n", V + '\n[publish]\nallow-suffix = "-botiverse"\n', 5, "must contain {n} exactly once")
cfg("30-url-missing", '[upstream]\nbranch = "main"\n', 1, "upstream.url: missing")
cfg("31-url-control-char", '[upstream]\nurl = "https://example.invalid/\\u001bup.git"\n', 2, "contains control characters")
cfg("32-allow-suffix-not-semver", V + '\n[publish]\nallow-suffix = "-bad..{n}"\n', 5, "would not be a SemVer version")
cfg("33-key-without-value", '[upstream]\nurl =\n', 2, "TOML syntax")
cfg("34-url-is-table", '[upstream]\nurl = { host = "example.invalid" }\n', 2, "upstream.url: must be a string")
cfg("35-version-from-unknown", V + '\n[publish]\nversion-from = "package.json"\n', 5, "is not one of")
cfg("36-nul-byte", None, 3, "TOML syntax", raw=b'[upstream]\nurl = "https://example.invalid/up.git"\nbranch = "ma\x00in"\n')
cfg("37-labels-not-array", V + '\n[report]\nlabels = "sync"\n', 5, "report.labels: must be an array of strings")
cfg("38-mirror-branch-space", V + '\n[mirror]\nbranch = "upstream main"\n', 5, "is not a valid branch name")
# Found by the parser fuzzer: toml++ asserted (SIGABRT, exit 134) on these before TOMLPrecheck.
cfg("39-table-header-at-end-of-line", '[\nupstream]\nurl = "https://example.invalid/up.git"\n', 1, "a table header must start with a key")
cfg("40-table-header-non-ascii", V + '\n[é]\n', 4, "a table header must start with a key")
cfg("41-invalid-utf8-in-header", None, 1, "not valid UTF-8", raw=b'[\xc3upwtr]\n' + V.encode())
# Keys that crashed toml++ by exhausting the stack once they had some thousands of parts (the
# 800 KB ones are made at run time); bounded by TOMLPrecheck before parsing.
cfg("42-key-too-many-parts", V + 'a' + '.b' * 16 + ' = 1\n', 3, "17 dotted parts")
cfg("43-header-too-many-parts", V + '\n[' + '.'.join(['t'] * 17) + ']\n', 4, "17 dotted parts")
cfg("44-key-too-long", V + 'k' * 1025 + ' = 1\n', 3, "1025 characters")
cfg("45-quoted-key-too-many-parts", V + '"a"' + '."b"' * 16 + ' = 1\n', 3, "17 dotted parts")
# Managed names that overlap: one ref would be two things to the tool.
cfg("46-mirror-branch-is-a-release-branch", V + '\n[mirror]\nbranch = "release/v1.0.0"\n', 5, "matches mirror.release-branch")
cfg("47-publish-tag-is-release-tags", V + 'release-tags = "v{version}"\n\n[publish]\ntag = "v{version}"\n', 6,
    "is upstream.release-tags too")
cfg("48-publish-tag-overlaps-release-tags", V + 'release-tags = "v{version}"\n\n[publish]\ntag = "v{version}-sdk"\n', 6,
    "overlaps upstream.release-tags")
cfg("49-release-branch-in-private-namespace", V + '\n[mirror]\nrelease-branch = "refs/release-mirror/v{version}"\n', 5,
    "reaches into refs/release-mirror/")
cfg("50-mirror-branch-in-private-namespace", V + '\n[mirror]\nbranch = "refs/release-mirror/quarantine/main"\n', 5,
    "reaches into refs/release-mirror/")
# Security round 2 (numbered from 60 to leave room): the upstream token is named, never given;
# mirror.repository must be a directory.
# Arrays that reached toml++'s value parser with a character it assumes no value starts with
# (an assertion in a debug build; found by the parser fuzzer); refused by TOMLPrecheck.
cfg("51-array-element-is-a-closing-brace", V + 'branch = [}\n', 3, "expected a value or ']' in the array, saw '}'")
cfg("52-array-element-after-line-separator", V + 'branch = [\u2028"main"]\n', 3, "a Unicode line break (U+2028)")
cfg("60-upstream-token-env-is-a-token", V + 'token-env = "ghp_0123456789abcdefghijABCDEFGHIJ012345"\n', 3, "upstream.token-env: must be the NAME")
cfg("61-upstream-token-env-not-a-name", V + 'token-env = "UPSTREAM TOKEN"\n', 3, "upstream.token-env: must be the NAME")
cfg("62-mirror-repository-is-a-file", V + '\n[mirror]\nrepository = "../expectations.json"\n', 5, "mirror.repository: \"../expectations.json\" is a file")

# Ledgers: audited against an empty mirror (so a row naming a tag is itself an error: tag-missing).
H = ("# Releases\n\nNotes for humans.\n\n## Version mapping\n<!-- release-mirror:mapping:begin -->\n"
     "| Upstream tag | Commit | SDK version | Publish tag | Smoke |\n|---|---|---|---|---|\n")
E = "<!-- release-mirror:mapping:end -->\n"
C = "0123456789ab"
T = "`@moonshot-ai/kimi-code@0.14.3`"


def led(name, text, line, finding, contains, raw=None, errors=None):
    path = f"ledger/{name}.md"
    open(path, "wb").write(raw if raw is not None else text.encode())
    exp[path] = {"exit": 5, "line": line, "finding": finding, "contains": contains}
    if errors:
        exp[path]["errors"] = errors


led("01-four-cells", H + f"| {T} | `{C}` | 0.9.3 | passed |\n" + E, 9, "ledger-syntax", "4 cell(s); a row has 5")
led("02-six-cells", H + f"| {T} | `{C}` | 0.9.3 | — | passed | extra |\n" + E, 9, "ledger-syntax", "6 cell(s)")
led("03-short-commit", H + f"| {T} | `a1b2c3d4` | 0.9.3 | — | passed |\n" + E, 9, "ledger-syntax", "is not 12 to 40 hex digits")
led("04-commit-not-hex", H + f"| {T} | `zzzzzzzzzzzz` | 0.9.3 | — | passed |\n" + E, 9, "ledger-syntax", "is not 12 to 40 hex digits")
led("05-sdk-not-semver", H + f"| {T} | `{C}` | 0.9 | — | passed |\n" + E, 9, "ledger-syntax", "is not a SemVer version")
led("06-sdk-leading-v", H + f"| {T} | `{C}` | v0.9.3 | — | passed |\n" + E, 9, "ledger-syntax", "is not a SemVer version")
led("07-smoke-unknown", H + f"| {T} | `{C}` | 0.9.3 | — | ok |\n" + E, 9, "ledger-syntax", 'Smoke "ok"')
led("08-tag-with-space", H + f"| `kimi code@0.14.3` | `{C}` | 0.9.3 | — | passed |\n" + E, 9, "ledger-syntax", "is not a tag name")
led("09-tag-with-dotdot", H + f"| `@moonshot-ai/kimi-code@0.14..3` | `{C}` | 0.9.3 | — | passed |\n" + E, 9, "tag-missing", "kimi-code@0.14..3")
led("10-tag-with-at-brace", H + f"| `@moonshot-ai/kimi-code@{{0.14.3` | `{C}` | 0.9.3 | — | passed |\n" + E, 9, "tag-missing", "kimi-code@{0.14.3")
led("11-tag-control-char", H + f"| `@moonshot-ai/kimi-code@0.14.3\x07` | `{C}` | 0.9.3 | — | passed |\n" + E, 9, "tag-missing", "kimi-code@0.14.3")
led("12-missing-end-marker", H + f"| {T} | `{C}` | 0.9.3 | — | passed |\n", 6, "ledger-syntax", "has no <!-- release-mirror:mapping:end --> after it")
led("13-two-begin-markers", H + "<!-- release-mirror:mapping:begin -->\n" + E, 9, "ledger-syntax", "more than one <!-- release-mirror:mapping:begin --> (lines 6, 9)")
led("14-end-before-begin", "# Releases\n\n" + E + "<!-- release-mirror:mapping:begin -->\n| Upstream tag | Commit | SDK version | Publish tag | Smoke |\n|---|---|---|---|---|\n",
    3, "ledger-syntax", "comes before")
led("15-no-markers", "# Releases\n\n| Upstream tag | Commit | SDK version | Publish tag | Smoke |\n|---|---|---|---|---|\n", 0, "ledger-syntax", "no managed table")
led("16-no-header", "# Releases\n<!-- release-mirror:mapping:begin -->\n" + E, 2, "ledger-syntax", "has no header")
led("17-bad-separator", "# R\n<!-- release-mirror:mapping:begin -->\n| Upstream tag | Commit | SDK version | Publish tag | Smoke |\n"
    "| Upstream tag | Commit | SDK version | Publish tag | Smoke |\n" + E, 4, "ledger-syntax", "expected the separator")
led("18-duplicate-row", H + f"| {T} | `{C}` | 0.9.3 | — | passed |\n| {T} | `{C}` | 0.9.3 | — | passed |\n" + E,
    10, "duplicate-row", "a second row for @moonshot-ai/kimi-code@0.14.3", errors=2)
led("19-invalid-utf8-in-row", None, 9, "ledger-syntax", "is not 12 to 40 hex digits",
    raw=(H + f"| {T} | `0123456789").encode() + b"\xff\xfe" + ("` | 0.9.3 | — | passed |\n" + E).encode())
led("20-truncated-row", H + f"| {T} | `{C}` | 0.9", 6, "ledger-syntax", "has no <!-- release-mirror:mapping:end --> after it")
led("21-publish-tag-with-space", H + f"| {T} | `{C}` | 0.9.3 | `publish sdk/v0.9.3` | passed |\n" + E, 9, "ledger-syntax", "Publish tag")
led("22-not-a-row", H + "@moonshot-ai/kimi-code@0.14.3 0123456789ab 0.9.3\n" + E, 9, "ledger-syntax", "not a table row")
# Code: fenced and indented code blocks hold examples, never the table; update and audit agree.
led("23-unclosed-fence-above-table", "# R\n```\n" + H + E, 2, "ledger-syntax", "never closed")
led("24-indented-code-block-table", "# R\n\nThe table looks like this:\n\n" + "".join("    " + l + "\n" for l in (
    H.split("\n")[5:8] + [f"| {T} | `{C}` | 0.9.3 | — | passed |", E.strip()])), 0, "ledger-syntax", "no managed table")
led("25-bom-before-begin-marker", None, 4, "ledger-syntax", "is not 12 to 40 hex digits",
    raw=b"\xef\xbb\xbf" + (H.split("\n", 5)[5] + f"| {T} | `a1b2c3d4` | 0.9.3 | — | passed |\n" + E).encode())
led("26-three-begin-markers", H + "<!-- release-mirror:mapping:begin -->\n<!-- release-mirror:mapping:begin -->\n" + E, 9,
    "ledger-syntax", "(lines 6, 9, 10)")
led("27-unclosed-fence-no-table", "# R\n\n~~~\nrelease-mirror ledger update\n", 3, "ledger-syntax", "never closed")


# Manifests: committed as publish.manifest at a mirror tag, then read by publish-tag.
def man(name, text, contains, raw=None):
    path = f"manifest/{name}.json"
    open(path, "wb").write(raw if raw is not None else text.encode())
    exp[path] = {"exit": 5, "check": "manifest", "contains": contains}


N = '"name": "@moonshot-ai/kimi-code-sdk"'
man("01-truncated", '{' + N + ', "vers', "is not valid JSON")
man("02-array", '["@moonshot-ai/kimi-code-sdk", "1.0.0"]', "is JSON but not an object")
man("03-no-version", '{' + N + '}', 'has no "version"')
man("04-version-number", '{' + N + ', "version": 100}', 'has a "version" that is a number')
man("05-version-not-semver", '{' + N + ', "version": "1.0"}', "which is not a SemVer 2.0 version")
man("06-version-leading-v", '{' + N + ', "version": "v1.0.0"}', "which is not a SemVer 2.0 version")
man("07-version-with-space", '{' + N + ', "version": "1.0.0 beta"}', "which is not a SemVer 2.0 version")
man("08-name-not-string", '{"name": ["sdk"], "version": "1.0.0"}', 'has a "name" that is an array')
man("09-invalid-utf8", None, "is not UTF-8 text", raw=b'{"name": "@moonshot-ai/kimi-code-sdk", "version": "1.0.0", "description": "\xff\xfe"}')
man("10-empty", '', "is not valid JSON")
man("11-version-control-char", '{' + N + ', "version": "1.0.0\\u0007"}', "which is not a SemVer 2.0 version")
man("12-version-null", '{' + N + ', "version": null}', 'has a "version" that is null')

with open("expectations.json", "w") as f:
    json.dump(exp, f, indent=1, sort_keys=True)
    f.write("\n")
print(f"{len(exp)} files")
