#!/usr/bin/env bash
# The reference for `release-mirror publish-tag VERSION --from TAG --dry-run --allow-unverified`:
# every check with the git CLI, nothing created.
#
#   reference-publish.sh MIRROR_GIT_DIR MIRROR_TAG VERSION [LEDGER [ORIGIN_URL]]
# With ORIGIN_URL, the publish tag must not exist there either (as release-mirror checks mirror.remote).
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 MIRROR_GIT_DIR MIRROR_TAG VERSION [LEDGER [ORIGIN_URL]]" >&2; exit 2; }
G=$1 TAG=$2 VERSION=$3 LEDGER=${4:-} ORIGIN=${5:-}
MANIFEST=${RM_MANIFEST:-packages/node-sdk/package.json}
PACKAGE_NAME=${RM_PACKAGE_NAME:-@moonshot-ai/kimi-code-sdk}
PUBLISH_TAG=${RM_PUBLISH_PREFIX:-publish-sdk/v}$VERSION
NOTES=${RM_NOTES_REF:-refs/notes/release-mirror}
g() { git --git-dir="$G" "$@"; }
failed=0
check() { # name ok(0/1) detail
  if [ "$2" = 0 ]; then printf 'pass  %-18s %s\n' "$1" "$3"; else printf 'FAIL  %-18s %s\n' "$1" "$3"; failed=1; fi
}
row=""
[ -n "$LEDGER" ] && [ -f "$LEDGER" ] && row=$(grep -F "| \`$TAG\` |" "$LEDGER" | head -1 || true)
IFS='|' read -r _ _ row_commit row_sdk _ <<<"$row" || true
row_commit=${row_commit//[ \`]/} row_sdk=${row_sdk//[ \`]/}

# 1. the mirror tag exists and matches its ledger row
if commit=$(g rev-parse --verify -q "refs/tags/$TAG^{commit}"); then
  case $commit in "$row_commit"*) check mirror-tag 0 "$TAG at $commit" ;; *) check mirror-tag 1 "$TAG at $commit, ledger $row_commit" ;; esac
else
  check mirror-tag 1 "$TAG does not exist"; commit=""
fi
# 2. the manifest parses, names the package, carries the version
manifest=$(g show "$commit:$MANIFEST" 2>/dev/null || true)
name="" version=""
[[ $manifest =~ \"name\"[[:space:]]*:[[:space:]]*\"([^\"]*)\" ]] && name=${BASH_REMATCH[1]}
[[ $manifest =~ \"version\"[[:space:]]*:[[:space:]]*\"([^\"]*)\" ]] && version=${BASH_REMATCH[1]}
ok=1; [ "$name" = "$PACKAGE_NAME" ] && [ "$version" = "$VERSION" ] && ok=0
check manifest $ok "$MANIFEST: $name $version"
# 3. smoke note (unverified allowed: a missing or failed note is reported, not fatal)
note=$(g notes --ref="$NOTES" show "$commit" 2>/dev/null || true)
case $note in *'"status":"passed"'* | *'"status" : "passed"'*) check smoke 0 passed ;; *) check smoke 0 "unverified (allowed)" ;; esac
# 4. the publish tag does not exist (or is on the same commit)
if existing=$(g rev-parse --verify -q "refs/tags/$PUBLISH_TAG^{commit}"); then
  ok=1; [ "$existing" = "$commit" ] && ok=0
  check publish-tag $ok "$PUBLISH_TAG exists at $existing"
elif [ -n "$ORIGIN" ] && remote=$(g ls-remote "$ORIGIN" "refs/tags/$PUBLISH_TAG") && [ -n "$remote" ]; then
  check publish-tag 1 "$PUBLISH_TAG exists on $ORIGIN"
else
  check publish-tag 0 "$PUBLISH_TAG is free${ORIGIN:+ (locally and on the remote)}"
fi
# 5. the ledger row agrees
ok=1; [ -n "$row" ] && [ "$row_sdk" = "$VERSION" ] && ok=0
check ledger $ok "row: ${row_sdk:-none}"
[ "$failed" = 0 ] || exit 5
echo "dry run: would create $PUBLISH_TAG on $commit"
