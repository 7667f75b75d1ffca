#!/usr/bin/env bash
# The reference: the same sync as `release-mirror sync`, done correctly with the git CLI alone.
#
#   reference-sync.sh MIRROR_GIT_DIR UPSTREAM_URL ORIGIN_URL
#
#   1. fetch the branch and the release tags into a private namespace (--no-tags, + refspecs,
#      --prune): an upstream that moves a tag can never clobber a mirror tag;
#   2. fast-forward check (`merge-base --is-ancestor`) and a compare-and-swap update of the mirror
#      branch; a rewrite is held (the branch is left where it is, exit 3 at the end);
#   3. create-only mirror tags (upstream's own object id) and release branches at the peeled
#      commit, for every upstream release tag whose version is SemVer and that has no mirror tag:
#      one `git update-ref --stdin` transaction of `create` lines — the batched form of
#      `git update-ref refs/tags/X <sha> ""` (the empty old value = must not exist); a tag that
#      upstream moved is kept as mirrored and reported;
#   4. push branch, tags and release branches to origin without --force (a remote tag is never
#      moved; a non-fast-forward branch is rejected), checking the exit status.
# Tag pattern, branch names and release-branch prefix are those of release-mirror's defaults;
# override with RM_BRANCH, RM_TAG_PREFIX, RM_MIRROR_BRANCH, RM_RELEASE_PREFIX.
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 MIRROR_GIT_DIR UPSTREAM_URL ORIGIN_URL" >&2; exit 2; }
M=$1 UP=$2 ORIGIN=$3
BRANCH=${RM_BRANCH:-main}
TAG_PREFIX=${RM_TAG_PREFIX:-@moonshot-ai/kimi-code@}
MB=${RM_MIRROR_BRANCH:-upstream-main}
RB=${RM_RELEASE_PREFIX:-release/v}
NS=refs/release-mirror/upstream
g() { git --git-dir="$M" "$@"; }
[ -d "$M" ] || git init -q --bare "$M"
held=0

# 1. fetch into the private namespace
g fetch -q --no-tags --prune --no-write-fetch-head "$UP" \
  "+refs/heads/$BRANCH:$NS/heads/$BRANCH" "+refs/tags/$TAG_PREFIX*:$NS/tags/$TAG_PREFIX*"
new=$(g rev-parse --verify -q "$NS/heads/$BRANCH^{commit}")

# 2. fast-forward only, compare-and-swap
if old=$(g rev-parse --verify -q "refs/heads/$MB"); then
  if [ "$old" != "$new" ]; then
    if g merge-base --is-ancestor "$old" "$new"; then
      g update-ref -m "reference: fast-forward" "refs/heads/$MB" "$new" "$old"
    else
      echo "held: upstream $BRANCH $new is not a descendant of $MB $old" >&2
      held=1
    fi
  fi
else
  g update-ref -m "reference: create" "refs/heads/$MB" "$new" ""
fi

# 3. create-only tags and release branches
plan=$(
  {
    g for-each-ref --format='M %(refname:lstrip=1) %(objectname)' "refs/tags/$TAG_PREFIX*"
    g for-each-ref --format='B %(refname:lstrip=1)' "refs/heads/$RB*"
    g for-each-ref --format='U %(refname:lstrip=4) %(objectname) %(*objectname)' "$NS/tags/$TAG_PREFIX*"
  } | awk -v prefix="$TAG_PREFIX" -v rb="heads/$RB" '
    $1 == "M" { mirror[$2] = $3; next }
    $1 == "B" { branch[$2] = 1; next }
    $1 == "U" {
      name = $2; id = $3; peeled = ($4 != "" ? $4 : $3)
      version = substr(name, length(prefix) + 1)
      if (version !~ /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/) next
      if ("tags/" name in mirror) {
        if (mirror["tags/" name] != id) print "warning: upstream moved " name "; the mirror keeps its tag" > "/dev/stderr"
        next
      }
      print "create refs/tags/" name " " id
      if (!((rb version) in branch)) print "create refs/" rb version " " peeled
    }'
)
if [ -n "$plan" ]; then
  printf '%s\n' "$plan" | g update-ref -m "reference: create-only" --stdin
fi

# 4. push without force
g push -q "$ORIGIN" "refs/heads/$MB:refs/heads/$MB" \
  "refs/tags/$TAG_PREFIX*:refs/tags/$TAG_PREFIX*" "refs/heads/$RB*:refs/heads/$RB*"
exit $((held ? 3 : 0))
