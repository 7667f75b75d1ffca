# Sourced by scripts/demo.sh (uses its say/run/rm_ helpers and $OUT): the version mapping.
#   ledger update → publish-tag that passes → publish-tag refused for a version mismatch → audit.
say "5. Version mapping: the ledger, a publish tag that passes, one refused, the audit"
run rm_ ledger update
sed -n '/mapping:begin/,/mapping:end/p' "$OUT/mirror/RELEASES.md" | sed -n '2,8p'
echo "…"
# The first release carrying the SDK version that later drifts without a bump.
TAG=$(git -C "$OUT/mirror" tag -l '@moonshot-ai/kimi-code@*' --sort=v:refname | sed -n 40p)
SDK=$(git -C "$OUT/mirror" show "$TAG:packages/node-sdk/package.json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["version"])')
WRONG=$(python3 -c 'import sys; a=sys.argv[1].split("."); a[2]=str(int(a[2])+1); print(".".join(a))' "$SDK")
run rm_ publish-tag "$SDK" --from "$TAG"
git -C "$OUT/origin.git" tag -l 'publish-sdk/*' | sed 's/^/published on origin: /'
run rm_ publish-tag "$WRONG" --from "$TAG"
run rm_ audit
