"""THE list of every difference between what `release-mirror init` writes and what the workflow
harness runs. The harness applies exactly these to init's output, fails when one of them no longer
matches (the templates moved on: update this file), and checks before every run that the files
act runs are init's output with these applied and nothing else.

Each entry: the files it applies to, why it exists, a regular expression (multiline) and its
replacement. Every entry must match at least once in each file it names.

Not a substitution: what points the workflows at the local GitHub (GITHUB_SERVER_URL, GITHUB_API_URL,
NPM_CONFIG_USERCONFIG, and the git host's certificate as RELEASE_MIRROR_CA_FILE and GIT_SSL_CAINFO)
is passed to act as environment (harness.py `run`), never written into a file; see README.md.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Substitution:
    files: tuple
    why: str
    pattern: str
    replacement: str


WORKFLOWS = ("sync-upstream.yml", "publish-sdk.yml")
RELEASE = ("release.yml",)   # this repository's own .github/workflows/release.yml

SUBSTITUTIONS = (
    Substitution(
        WORKFLOWS,
        "`container:` jobs run on the host, a Debian 12 like the images (act cannot start containers here)",
        r"^    container: .*\n",
        "",
    ),
    Substitution(
        RELEASE,
        "`container:` jobs run on the host, a Debian 12 like the images (act cannot start containers here)",
        r"^    container: .*\n",
        "",
    ),
    Substitution(
        ("sync-upstream.yml", "publish-sdk.yml", "release.yml"),
        "the image's package install is checked against the host instead (make test installed them)",
        r"apt-get update -qq\n(\s+)apt-get install -y -qq ([^>]+?) >/dev/null",
        r"dpkg-query --show \2 >/dev/null",
    ),
    Substitution(
        ("sync-upstream.yml",),
        "corepack/pnpm: the fixture upstream builds with its own script (no pnpm registry here)",
        r"run: corepack enable\n",
        "run: node --version\n",
    ),
    Substitution(
        ("publish-sdk.yml",),
        "corepack/pnpm: the fixture upstream builds with its own script (no pnpm registry here)",
        r"corepack enable\n\s+pnpm install .*\n\s+pnpm --filter .* build\n",
        "node packages/node-sdk/build.mjs\n",
    ),
    Substitution(
        ("publish-sdk.yml",),
        "`npm install --global npm@…` is skipped: the host's npm publishes to the local registry",
        r"run: npm install --global npm@\S+\n",
        "run: npm --version\n",
    ),
    Substitution(
        ("publish-sdk.yml",),
        "`--provenance` is turned off (the packaged manifest's publishConfig asks for it too): no Sigstore or OIDC issuer here",
        r" --provenance",
        " --provenance=false",
    ),
    Substitution(
        RELEASE,
        "the release build (`swift build -c release --static-swift-stdlib`, many minutes) and its checks "
        "(no libswift in ldd, --version names the tag's commit) are replaced by the binary `make test` built; "
        "the real build is done by hand and its figures are in the README",
        r"swift build -c release --static-swift-stdlib --product release-mirror\n(?:.*\n)*?\s+dist/release-mirror --version .*\n",
        'mkdir -p dist\n          cp "$HARNESS_RELEASE_MIRROR_BIN" dist/release-mirror\n',
    ),
)

# The composite action (action.yml and the script it runs), as the workflows' `uses:` of
# release-mirror gets it (mapped with --local-repository). Downloading the release's binary and
# checking its checksum run as written.
ACTION_SUBSTITUTIONS = (
    Substitution(
        ("install-release.sh",),
        "a release without a binary: the build from the action's source (`swift build -c release "
        "--static-swift-stdlib`, many minutes) is replaced by copying the binary `make test` built where "
        "that build puts it",
        r'^  swift build -c release --static-swift-stdlib --product release-mirror --package-path "\$source_dir"$',
        '  mkdir -p "$source_dir/.build/release" \\\n    && cp "$HARNESS_RELEASE_MIRROR_BIN" "$source_dir/.build/release/release-mirror"',
    ),
)

# The config `init` writes, made to point at the fixture (what a user edits after `init`).
CONFIG_SUBSTITUTIONS = (
    Substitution(
        ("release-mirror.toml",),
        "smoke: the fixture upstream's own build script instead of corepack/pnpm",
        r"^command = .*$",
        'command = ["node", "packages/node-sdk/build.mjs"]',
    ),
    Substitution(("release-mirror.toml",), "smoke every new release", r'^on = "never"$', 'on = "new-releases"'),
    Substitution(
        ("release-mirror.toml",),
        "break reports go to the local GitHub's issues",
        r'^github-repository = ""',
        'github-repository = "acme/mirror"',
    ),
    Substitution(
        ("release-mirror.toml",),
        "the consumer's package on: [package] with the mirror's own npm name",
        r'^# \[package\]\n# name = "[^"]*"',
        '[package]\nname = "@acme/kimi-code-sdk"',
    ),
    Substitution(
        ("release-mirror.toml",),
        "the consumer's package checks the exports consumers rely on",
        r"^# (require-exports = .*)$",
        r"\1",
    ),
)
