#!/usr/bin/env bash
# The composite action's step (action.yml): installs release-mirror's binary for one release into
# RELEASE_MIRROR_INSTALL_PATH. Prebuilt (checksum verified) when the release has a binary and this
# is Debian 12 on x86_64, else built from RELEASE_MIRROR_SOURCE (this action's checkout). Writes the
# step outputs `binary` and `source`. SPEC §12.1.
#
# Environment: RELEASE_MIRROR_INSTALL_VERSION (vX.Y.Z, or empty: the action's ref when that is a tag),
# RELEASE_MIRROR_INSTALL_PATH, RELEASE_MIRROR_API_TOKEN, RELEASE_MIRROR_ACTION_REPOSITORY (owner/name),
# RELEASE_MIRROR_ACTION_REF (a 40-hex commit or a tag), RELEASE_MIRROR_SOURCE, GITHUB_API_URL.
set -euo pipefail

fail() { echo "::error::release-mirror install: $*"; exit 1; }

version=${RELEASE_MIRROR_INSTALL_VERSION:-}
ref=${RELEASE_MIRROR_ACTION_REF:-}
repository=${RELEASE_MIRROR_ACTION_REPOSITORY:-}
dest=${RELEASE_MIRROR_INSTALL_PATH:-.release-mirror-bin}
api=${GITHUB_API_URL:-https://api.github.com}
source_dir=${RELEASE_MIRROR_SOURCE:?the action path}

# GitHub leaves github.action_repository and github.action_ref empty inside some composite actions;
# the runner keeps every action it fetched at <...>/_actions/OWNER/NAME/REF, which says the same.
if [ -z "$repository" ] || [ -z "$ref" ]; then
  if [[ ${source_dir%/} =~ /_actions/([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+)/([^/]+)$ ]]; then
    repository=${repository:-${BASH_REMATCH[1]}/${BASH_REMATCH[2]}}
    ref=${ref:-${BASH_REMATCH[3]}}
  fi
fi

if [ -z "$version" ] && [[ $ref == v* ]]; then version=$ref; fi
[ -n "$version" ] || fail "no release to install: set the input \`version: vX.Y.Z\` (the action is used at '$ref', not at a tag)"
[[ $version =~ ^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] || fail "the input version '$version' is not vX.Y.Z"
[[ $repository =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]] || fail "the action's repository '$repository' is not owner/name: set the input \`repository\`"
pinned_commit=""
if [[ $ref =~ ^[0-9a-f]{40}$ ]]; then pinned_commit=$ref; fi

asset="release-mirror-$version-debian12-x86_64.tar.gz"
work=$(mktemp -d "${RUNNER_TEMP:-/tmp}/release-mirror-install.XXXXXX")
trap 'rm -rf "$work"' EXIT

# One GitHub API GET; the token goes only to GITHUB_API_URL, in a header read from a file.
printf 'header = "Authorization: Bearer %s"\n' "$RELEASE_MIRROR_API_TOKEN" > "$work/auth"
api_get() { # URL ACCEPT OUT -> HTTP status on stdout
  curl --silent --show-error --location --retry 3 --config "$work/auth" -H "Accept: $2" \
    -H "X-GitHub-Api-Version: 2022-11-28" -o "$3" -w '%{http_code}' "$1"
}

on_debian12_x86_64() {
  [ "$(uname -m)" = x86_64 ] && [ -r /etc/os-release ] && grep -qx 'ID=debian' /etc/os-release \
    && grep -qx 'VERSION_ID="12"' /etc/os-release
}

# The release's asset URL for NAME (empty when there is none), from $work/release.json.
asset_url() {
  python3 - "$work/release.json" "$1" <<'PY'
import json, sys
release = json.load(open(sys.argv[1]))
print(next((a["url"] for a in release.get("assets", []) if a.get("name") == sys.argv[2]), ""))
PY
}

built=""
status=$(api_get "$api/repos/$repository/releases/tags/$version" application/vnd.github+json "$work/release.json") \
  || fail "cannot reach $api/repos/$repository/releases/tags/$version"
binary_url="" checksum_url=""
if [ "$status" = 200 ]; then
  binary_url=$(asset_url "$asset")
  checksum_url=$(asset_url "$asset.sha256")
elif [ "$status" != 404 ]; then
  fail "$api/repos/$repository/releases/tags/$version answered HTTP $status: $(head -c 300 "$work/release.json")"
fi

if [ -n "$binary_url" ] && on_debian12_x86_64; then
  [ -n "$checksum_url" ] || fail "the release $version of $repository has $asset but no $asset.sha256: refusing an unverified binary (attach the checksum to the release)"
  status=$(api_get "$binary_url" application/octet-stream "$work/$asset") || fail "cannot download $asset from $binary_url"
  [ "$status" = 200 ] || fail "downloading $asset from $binary_url answered HTTP $status"
  status=$(api_get "$checksum_url" application/octet-stream "$work/$asset.sha256") || fail "cannot download $asset.sha256"
  [ "$status" = 200 ] || fail "downloading $asset.sha256 from $checksum_url answered HTTP $status"
  expected=$(awk 'NR == 1 { print $1 }' "$work/$asset.sha256")
  actual=$(sha256sum "$work/$asset" | awk '{ print $1 }')
  [[ $expected =~ ^[0-9a-f]{64}$ ]] || fail "$asset.sha256 of the release $version holds no SHA-256 ('$expected'): nothing installed"
  if [ "$expected" != "$actual" ]; then
    fail "the SHA-256 of $asset ($actual) does not match $asset.sha256 of the release $version of $repository ($expected): nothing installed; re-run, and if it persists report it (the release may have been tampered with)"
  fi
  echo "$asset: SHA-256 $actual matches $asset.sha256"
  mkdir "$work/unpacked"
  tar -xzf "$work/$asset" -C "$work/unpacked" release-mirror || fail "$asset holds no release-mirror binary"
  built="$work/unpacked/release-mirror"
  origin=release
else
  if [ -z "$binary_url" ]; then
    echo "the release $version of $repository has no $asset: building release-mirror from the action's source"
  else
    echo "this runner is not Debian 12 on x86_64 ($(uname -m)): building release-mirror from the action's source"
  fi
  if [ -n "$pinned_commit" ]; then
    "$source_dir/scripts/stamp-build.sh" "$version" "$pinned_commit" "$repository"
  fi
  swift build -c release --static-swift-stdlib --product release-mirror --package-path "$source_dir"
  built="$source_dir/.build/release/release-mirror"
  origin=build
fi

# The binary must be the pinned release's: a stamped binary names its commit.
reported=$("$built" --version) || fail "the $origin binary does not run: $reported"
echo "release-mirror --version: $reported"
if [[ $reported =~ commit\ ([0-9a-f]{40}) ]]; then
  if [ -n "$pinned_commit" ] && [ "${BASH_REMATCH[1]}" != "$pinned_commit" ]; then
    fail "the $origin binary of $version reports commit ${BASH_REMATCH[1]}, but this action is pinned at $pinned_commit: nothing installed"
  fi
else
  echo "::warning::release-mirror install: the $origin binary of $version is a development build (no release stamp), not checked against the pinned commit"
fi

mkdir -p "$dest"
install -m 0755 "$built" "$dest/release-mirror.tmp"
mv -f "$dest/release-mirror.tmp" "$dest/release-mirror"
echo "installed release-mirror $version ($origin) at $dest/release-mirror"
{
  echo "binary=$dest/release-mirror"
  echo "source=$origin"
} >> "${GITHUB_OUTPUT:-/dev/null}"
