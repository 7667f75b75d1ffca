#!/usr/bin/env bash
# make demo: the main job end to end on a generated upstream, with no network.
#   1. generate a realistic upstream (a pnpm-style monorepo with dozens of release tags)
#   2. init a mirror and sync it into a local bare "origin"
#   3. upstream moves on: incremental sync, then a no-op sync
#   4. upstream rewrites history: the sync holds it (exit 3); accept-rewrite moves on
#   5. the version mapping: ledger update, a publish tag that passes, one refused, the audit
#   6. the SDK's interface delta: surface on an additive and a breaking release, ledger notes
#   7. status
set -uo pipefail
BIN=$(cd "$(dirname "${1:-.build/debug/release-mirror}")" && pwd)/$(basename "${1:-release-mirror}")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/demo-out"
rm -rf "$OUT" && mkdir -p "$OUT"
cd "$OUT"
export GIT_AUTHOR_NAME="Upstream Dev" GIT_AUTHOR_EMAIL=dev@upstream.example
export GIT_COMMITTER_NAME="Upstream Dev" GIT_COMMITTER_EMAIL=dev@upstream.example
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() {
  printf '\033[2m$ %s\033[0m\n' "$*"
  "$@"
  local rc=$?
  printf '\033[2m(exit %d)\033[0m\n' "$rc"
  return 0
}
rm_() { (cd "$OUT/mirror" && "$BIN" "$@"); }

say "1. A sample upstream: a monorepo shaped like MoonshotAI/kimi-code"
python3 "$ROOT/scripts/gen-upstream.py" upstream --commits 400 --releases 66 --unrelated 8 \
  --drift-at 40 --regress-at 52 --broken-at 63 >/dev/null
git -C upstream tag | grep -c '^@moonshot-ai/kimi-code@' | sed 's/^/release tags: /'
git -C upstream tag | grep -vc '^@moonshot-ai/' | sed 's/^/unrelated tags: /'
git -C upstream branch | wc -l | sed 's/^ */branches: /'
git -C upstream show '@moonshot-ai/kimi-code@0.5.0:packages/node-sdk/package.json' | head -4

say "2. init a mirror, then the first sync into a local bare origin"
git init -q --bare origin.git
# A development build cannot pin the workflows init writes to a release of itself (SPEC §12.1).
TOOL_REF=()
if "$BIN" --version | grep -q '^development build'; then
  TOOL_REF=(--tool-ref "v0.1.0@$(git -C "$ROOT" rev-parse HEAD 2>/dev/null || printf 'a%.0s' {1..40})")
fi
run "$BIN" init --upstream ../upstream --remote ../origin.git "${TOOL_REF[@]}" mirror
sed -i 's|^command = .*|command = ["python3", "tools/smoke.py"]|; s|^on = "never"|on = "new-releases"|; s|^directory = ""|directory = "reports"|' mirror/release-mirror.toml
run rm_ sync --quiet
echo "origin now holds $(git -C origin.git for-each-ref refs/tags | wc -l) tags and $(git -C origin.git for-each-ref 'refs/heads/release/' | wc -l) release branches"

say "3. Upstream moves on: 3 commits and a new release; then nothing changes"
for i in 1 2 3; do git -C upstream commit -q --allow-empty -m "feat: work $i"; done
git -C upstream tag -a -m "Release 0.30.0" '@moonshot-ai/kimi-code@0.30.0'
run rm_ sync
run rm_ sync

say "4. Upstream rewrites history (amend + force-push): the mirror holds"
git -C upstream reset -q --hard HEAD~2
git -C upstream commit -q --allow-empty -m "feat: rewritten"
NEW=$(git -C upstream rev-parse HEAD)
run rm_ sync
git -C mirror for-each-ref refs/release-mirror/quarantine/
run rm_ accept-rewrite "$NEW"
run rm_ sync

. "$ROOT/scripts/demo-publish.sh"   # 5. ledger update, publish-tag (passes, then refused), audit

say "6. The SDK's interface delta: what a release added to or removed from packages/node-sdk's exports"
ADDITIVE=$(grep -m1 '| additive (+1)' "$OUT/mirror/RELEASES.md" | cut -d'`' -f2)
BREAKING=$( (grep -m1 '| breaking (.*, +' "$OUT/mirror/RELEASES.md" || grep -m1 '| breaking (' "$OUT/mirror/RELEASES.md") | cut -d'`' -f2)
run rm_ surface "$ADDITIVE"
run rm_ surface "$BREAKING"
run rm_ ledger notes "$BREAKING"

say "7. status: what consumers should pin"
run rm_ status
say "done: everything above ran against $OUT (no network)"
