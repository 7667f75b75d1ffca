#!/usr/bin/env bash
# Creates the GitHub release for TAG in GITHUB_REPOSITORY (or finds the one that exists) and attaches
# FILE..., through the REST API (GITHUB_API_URL, GITHUB_TOKEN). Never replaces an asset: a release
# that already has an asset of that name fails with what to do. Run by .github/workflows/release.yml.
#
#   scripts/publish-release.sh v0.2.0 release-mirror-v0.2.0-debian12-x86_64.tar.gz{,.sha256}
set -euo pipefail
fail() { echo "::error::publish-release: $*"; exit 1; }
[ "$#" -ge 2 ] || { echo "usage: scripts/publish-release.sh TAG FILE..." >&2; exit 2; }
tag=$1; shift
api=${GITHUB_API_URL:-https://api.github.com}
repository=${GITHUB_REPOSITORY:?owner/name}
[ -n "${GITHUB_TOKEN:-}" ] || fail "GITHUB_TOKEN is not set (the job needs contents: write)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'header = "Authorization: Bearer %s"\n' "$GITHUB_TOKEN" > "$work/auth"
request() { # METHOD URL OUT [curl args...] -> HTTP status
  local method=$1 url=$2 out=$3; shift 3
  curl --silent --show-error --config "$work/auth" -H "Accept: application/vnd.github+json" \
    -H "X-GitHub-Api-Version: 2022-11-28" -X "$method" -o "$out" -w '%{http_code}' "$@" "$url"
}
field() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$@"; }

body=$(python3 -c 'import json, sys; print(json.dumps({"tag_name": sys.argv[1], "name": "release-mirror " + sys.argv[1],
  "body": "Prebuilt for Debian 12 on x86_64 (needs libgit2 1.5); verify with the .sha256 file. Install it with the action: uses: " + sys.argv[2] + "@<commit of " + sys.argv[1] + ">"}))' "$tag" "$repository")
status=$(request POST "$api/repos/$repository/releases" "$work/release.json" -H "Content-Type: application/json" --data "$body") \
  || fail "cannot reach $api/repos/$repository/releases"
if [ "$status" = 422 ]; then
  status=$(request GET "$api/repos/$repository/releases/tags/$tag" "$work/release.json") || fail "cannot reach $api"
  [ "$status" = 200 ] || fail "the release for $tag exists but cannot be read: HTTP $status"
  echo "the release for $tag exists already: attaching to it"
elif [ "$status" != 201 ]; then
  fail "creating the release for $tag answered HTTP $status: $(head -c 300 "$work/release.json")"
fi
upload=$(field "$work/release.json" upload_url)
upload=${upload%%\{*}
for file in "$@"; do
  name=$(basename "$file")
  if python3 -c 'import json, sys; sys.exit(0 if any(a["name"] == sys.argv[2] for a in json.load(open(sys.argv[1])).get("assets", [])) else 1)' "$work/release.json" "$name"; then
    fail "the release for $tag already has an asset $name: assets are never replaced; delete it on GitHub first if it is wrong"
  fi
  status=$(request POST "$upload?name=$name" "$work/asset.json" -H "Content-Type: application/octet-stream" --data-binary "@$file") \
    || fail "cannot upload $name to $upload"
  [ "$status" = 201 ] || fail "uploading $name answered HTTP $status: $(head -c 300 "$work/asset.json")"
  echo "attached $name ($(wc -c < "$file") bytes)"
done
echo "released $tag: $(field "$work/release.json" html_url)"
