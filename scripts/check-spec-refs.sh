#!/usr/bin/env bash
# Every "SPEC §n" or "SPEC §n.m" cited in the sources must name a section of docs/SPEC.md
# ("## n." or "### n.m"). Prints each dangling citation with its file and line; exit 1 if any.
set -euo pipefail
cd "$(dirname "$0")/.."
spec=docs/SPEC.md
[ -f "$spec" ] || { echo "check-spec-refs: $spec is missing" >&2; exit 1; }
status=0
count=0
while IFS=: read -r file line ref; do
  count=$((count + 1))
  section=${ref#SPEC §}
  if [[ $section == *.* ]]; then pattern="^### ${section//./\\.} "; else pattern="^## ${section}\\. "; fi
  if ! grep -qE "$pattern" "$spec"; then
    echo "$file:$line: cites $ref, which $spec does not have (add the section or fix the citation)" >&2
    status=1
  fi
done < <(grep -rnoE 'SPEC §[0-9]+(\.[0-9]+)?' Sources Tests | sort -u)
[ "$status" -eq 0 ] && [ -n "${VERBOSE:-}" ] && echo "check-spec-refs: $count citation(s) resolve in $spec"
exit "$status"
