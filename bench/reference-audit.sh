#!/usr/bin/env bash
# The reference for `release-mirror audit`: the same checks with the git CLI, as a shell loop that
# reads each mirror tag's manifest with `git show <tag>:<manifest>` (one git process per tag; the
# refs themselves are listed once with for-each-ref, the package trees once with cat-file --batch-check).
#
#   reference-audit.sh MIRROR_GIT_DIR [LEDGER]
#
# Findings (as release-mirror names them): tag-missing, tag-moved, version-mismatch,
# duplicate-row, release-branch-mismatch (errors); tag-unlisted, sdk-drift, version-regression
# (warnings). Exit 5 when an error was found.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 MIRROR_GIT_DIR [LEDGER]" >&2; exit 2; }
G=$1 LEDGER=${2:-}
TAG_PREFIX=${RM_TAG_PREFIX:-@moonshot-ai/kimi-code@}
RB=${RM_RELEASE_PREFIX:-release/v}
MANIFEST=${RM_MANIFEST:-packages/node-sdk/package.json}
PACKAGE_DIR=${MANIFEST%/*}
g() { git --git-dir="$G" "$@"; }
errors=0 warnings=0
finding() { # severity id message
  if [ "$1" = error ]; then errors=$((errors + 1)); else warnings=$((warnings + 1)); fi
  printf '%-8s %-24s %s\n' "$1" "$2" "$3"
}

# The ledger's managed table: tag, commit, SDK version.
declare -A row_commit=() row_sdk=()
if [ -n "$LEDGER" ] && [ -f "$LEDGER" ]; then
  while IFS=$'\t' read -r tag commit sdk; do
    if [ -n "${row_commit[$tag]+x}" ]; then finding error duplicate-row "$tag"; fi
    row_commit[$tag]=$commit row_sdk[$tag]=$sdk
  done < <(awk -F'|' '
    /release-mirror:mapping:begin/ { on = 1; next }
    /release-mirror:mapping:end/ { on = 0 }
    on && /^\|/ && !/^\|[ -]*\|/ && !/Upstream tag/ {
      for (i = 2; i <= 4; i++) { gsub(/^[ `]+|[ `]+$/, "", $i) }
      print $2 "\t" $3 "\t" $4
    }' "$LEDGER")
fi

# Mirror tags (peeled) and release branches, once each.
declare -A tag_commit=() branch_commit=()
while read -r name object peeled; do tag_commit[$name]=${peeled:-$object}; done \
  < <(g for-each-ref --format='%(refname:lstrip=2) %(objectname) %(*objectname)' "refs/tags/$TAG_PREFIX*")
while read -r name object; do branch_commit[$name]=$object; done \
  < <(g for-each-ref --format='%(refname:lstrip=2) %(objectname)' "refs/heads/$RB*")

for tag in "${!row_commit[@]}"; do
  [ -n "${tag_commit[$tag]+x}" ] || finding error tag-missing "$tag (ledger row)"
done

# The loop: each manifest, read with git show.
versions=()
for tag in "${!tag_commit[@]}"; do
  commit=${tag_commit[$tag]}
  version=${tag#"$TAG_PREFIX"}
  sdk=""
  if manifest=$(g show "refs/tags/$tag:$MANIFEST" 2>/dev/null); then
    [[ $manifest =~ \"version\"[[:space:]]*:[[:space:]]*\"([^\"]*)\" ]] && sdk=${BASH_REMATCH[1]}
  else
    finding error version-mismatch "$tag: no $MANIFEST"
  fi
  if [ -n "${row_commit[$tag]+x}" ]; then
    case $commit in "${row_commit[$tag]}"*) ;; *) finding error tag-moved "$tag: $commit, ledger ${row_commit[$tag]}" ;; esac
    [ "${row_sdk[$tag]}" = "$sdk" ] || finding error version-mismatch "$tag: manifest $sdk, ledger ${row_sdk[$tag]}"
  else
    finding warning tag-unlisted "$tag"
  fi
  b="$RB$version"
  if [ -n "${branch_commit[$b]+x}" ] && [ "${branch_commit[$b]}" != "$commit" ]; then
    finding error release-branch-mismatch "$b: ${branch_commit[$b]}, tag at $commit"
  fi
  versions+=("$version $sdk $tag")
done

# sdk-drift (one SDK version, two package trees) and version-regression (a newer release with an
# older SDK), with the package trees read in one batch.
if [ ${#versions[@]} -gt 0 ]; then
  printf '%s\n' "${versions[@]}" | sort -V -k1,1 >"${TMPDIR:-/tmp}/ref-audit.$$"
  trees=$(awk -v d="$PACKAGE_DIR" '{print "refs/tags/" $3 ":" d}' "${TMPDIR:-/tmp}/ref-audit.$$" |
    g cat-file --batch-check='%(objectname)')
  while read -r kind id msg; do finding warning "$kind" "$msg"; done < <(
    paste -d' ' "${TMPDIR:-/tmp}/ref-audit.$$" <(printf '%s\n' "$trees") | awk '
      function vcmp(a, b,   x, y, i, n) {
        n = split(a, x, "."); split(b, y, ".")
        for (i = 1; i <= 3; i++) { if (x[i] + 0 < y[i] + 0) return -1; if (x[i] + 0 > y[i] + 0) return 1 }
        return 0
      }
      {
        sdk = $2; tree = $4
        if (sdk in seen && seen[sdk] != tree) print "sdk-drift x " sdk " at " first[sdk] " and " $3 " with different trees"
        if (!(sdk in seen)) { seen[sdk] = tree; first[sdk] = $3 }
        if (prev != "" && vcmp(sdk, prev) < 0) print "version-regression x " $3 " carries " sdk " after " prev
        if (prev == "" || vcmp(sdk, prev) > 0) prev = sdk
      }')
  rm -f "${TMPDIR:-/tmp}/ref-audit.$$"
fi

echo "reference audit: ${#tag_commit[@]} mirror tag(s), ${#row_commit[@]} ledger row(s): $errors error(s), $warnings warning(s)"
[ "$errors" -eq 0 ] || exit 5
