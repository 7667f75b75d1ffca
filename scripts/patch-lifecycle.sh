#!/bin/sh
# The patch-branch lifecycle of the README ("Patch branches"), run as commands against a generated
# upstream, a bare origin and a fresh clone of it where "people" work:
#   start → people commit and push → list → people rebase and force-push → set-base →
#   smoke the tip and publish from the patch → retire.
# Usage: scripts/patch-lifecycle.sh RELEASE_MIRROR_BINARY WORKDIR   (WORKDIR must be empty or new)
# Prints each command and what it printed; exits non-zero at the first step that fails or whose
# result is not what the README promises.
set -eu
BIN=${1:?usage: patch-lifecycle.sh RELEASE_MIRROR_BINARY WORKDIR}
WORK=${2:?usage: patch-lifecycle.sh RELEASE_MIRROR_BINARY WORKDIR}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
GIT="git -c user.name=people -c user.email=people@example.invalid"
step() { printf '\n$ %s\n' "$*"; "$@"; }
fail() { echo "patch-lifecycle: $*" >&2; exit 1; }

python3 "$ROOT/scripts/gen-upstream.py" "$WORK/up" --commits 24 --releases 4 >/dev/null
git init -q --bare "$WORK/origin.git"
# A development build cannot pin the workflows init writes to a release of itself (SPEC §12.1).
# (POSIX sh: the test runs this script with sh.)
TOOL_REF=""
if "$BIN" --version | grep -q '^development build'; then
  TOOL_REF="--tool-ref v0.1.0@$(git -C "$ROOT" rev-parse HEAD 2>/dev/null || echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa)"
fi
# shellcheck disable=SC2086 # TOOL_REF is empty or two words
"$BIN" init --quiet --upstream ../up --remote ../origin.git $TOOL_REF "$WORK/mirror"
cd "$WORK/mirror"
"$BIN" sync --quiet
BASE=$(git tag -l '@moonshot-ai/kimi-code@*' --sort=v:refname | sed -n 2p)
NEWER=$(git tag -l '@moonshot-ai/kimi-code@*' --sort=v:refname | tail -n 1)
[ -n "$BASE" ] && [ -n "$NEWER" ] && [ "$BASE" != "$NEWER" ] || fail "the generated upstream has too few releases"

# 1. start
step "$BIN" patch start role-additional --on "$BASE" \
    --reason "thread roleAdditional through the session options" \
    --upstream-pr https://example.invalid/kimi-code/pull/123
grep -q '| `patch/role-additional` | `'"$BASE"'` |' README.md || fail "no registry row after start"
$GIT add README.md && $GIT commit -q -m "register patch/role-additional"

# 2. people commit to the branch on the remote (a fresh clone of origin)
$GIT clone -q "$WORK/origin.git" "$WORK/people"
cd "$WORK/people"
$GIT checkout -q patch/role-additional
echo "roleAdditional" > role-additional.txt
$GIT add role-additional.txt && $GIT commit -q -m "session: roleAdditional"
step $GIT push -q origin HEAD:patch/role-additional
cd "$WORK/mirror"

# 3. look at it
step "$BIN" patch list
"$BIN" patch list --json | grep -q '"ahead" : 1' || fail "patch list does not show one commit ahead"

# 4. people rebase onto the newer release and force-push; record the new base
cd "$WORK/people"
$GIT fetch -q --tags origin
$GIT rebase -q --onto "refs/tags/$NEWER" "refs/tags/$BASE" patch/role-additional
step $GIT push -q --force origin patch/role-additional
cd "$WORK/mirror"
step "$BIN" patch set-base role-additional --on "$NEWER"
grep -q '| `patch/role-additional` | `'"$NEWER"'` |' README.md || fail "set-base did not record $NEWER"

# 5. publish from the patch: smoke its tip, then publish the base version plus publish.allow-suffix
sed -i.bak -e 's/^# allow-suffix = /allow-suffix = /' -e 's/^command = .*/command = ["sh", "-c", "true"]/' release-mirror.toml
rm -f release-mirror.toml.bak
"$BIN" ledger update --quiet
step "$BIN" smoke refs/heads/patch/role-additional --record
SDK=$(git show refs/heads/patch/role-additional:packages/node-sdk/package.json | sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' | head -n 1)
[ -n "$SDK" ] || fail "no SDK version at the patch tip"
step "$BIN" publish-tag "$SDK-botiverse.1" --from patch/role-additional
[ "$(git rev-parse "publish-sdk/v$SDK-botiverse.1^{commit}")" = "$(git rev-parse refs/heads/patch/role-additional)" ] \
    || fail "the publish tag is not on the patch tip"
grep -q '| `'"$NEWER"'` (patch/role-additional) | `' RELEASES.md || fail "no ledger row for the publish from the patch"
$GIT add RELEASES.md && $GIT commit -q -m "publish $SDK-botiverse.1 from patch/role-additional"
step "$BIN" audit

# 6. retire
step "$BIN" patch retire role-additional
$GIT add README.md && $GIT commit -q -m "retire patch/role-additional"
git -C "$WORK/origin.git" rev-parse -q --verify refs/heads/patch/role-additional >/dev/null && fail "the branch is still on origin"
git -C "$WORK/origin.git" for-each-ref --format='%(refname)' 'refs/release-mirror/archive/patch/role-additional/' | grep -q . \
    || fail "no archive on origin"
grep -q '| retired, archived as `refs/release-mirror/archive/patch/role-additional/' README.md || fail "the row is not retired"
step "$BIN" patch list
step "$BIN" audit
echo
echo "patch-lifecycle: ok"
