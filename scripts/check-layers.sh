#!/usr/bin/env bash
# The module layers (README, Development; docs/SPEC.md section 2), checked on the import lines of Sources:
#   release-mirror (CLI)  imports ReleaseMirror, ArgumentParser, Foundation and system modules only
#   ReleaseMirror         never the CLI, never libgit2's C (Clibgit2, CGitSupport): it goes through Git
#   Git                   never the engine or the CLI
#   MirrorSystem          no libgit2, no Git, no engine
#   KimiRuntime, KimiConformance, kimi-conformance: no mirror module at all
# Prints each offending import with its file, line and the rule; exit 1 if any.
set -euo pipefail
cd "$(dirname "$0")/.."

system='Foundation|FoundationEssentials|FoundationNetworking|Dispatch|Synchronization|Glibc|Musl|Darwin|Android|WinSDK|_Concurrency'
mirror='ReleaseMirror|release_mirror|Git|MirrorSystem|Clibgit2|CGitSupport|CMirrorSystem'

# directory | mode (allow: only these; deny: none of these) | modules | what to do instead
rules=(
  "Sources/release-mirror|allow|ReleaseMirror|ArgumentParser|$system|the CLI depends on ReleaseMirror only: put what it needs behind ReleaseMirror API (e.g. ProcessEnvironment, NetworkSettings)"
  "Sources/ReleaseMirror|deny|release_mirror|Clibgit2|CGitSupport|CMirrorSystem|the engine reaches libgit2 through the Git module and the process through MirrorSystem"
  "Sources/Git|deny|ReleaseMirror|release_mirror|the Git layer must not depend on the engine or the CLI"
  "Sources/MirrorSystem|deny|ReleaseMirror|release_mirror|Git|Clibgit2|CGitSupport|MirrorSystem holds no libgit2 code and depends on nothing above it"
  "Sources/KimiRuntime|deny|$mirror|KimiRuntime stands alone: no mirror module"
  "Sources/KimiConformance|deny|$mirror|KimiConformance depends on KimiRuntime only, no mirror module"
  "Sources/kimi-conformance|deny|$mirror|kimi-conformance depends on the Kimi modules only, no mirror module"
)

# An import declaration: attributes, an access level, a kind (`import struct M.T`), the module.
import_re='^[[:space:]]*(@[A-Za-z_]+[[:space:]]+)*((public|package|internal|fileprivate|private)[[:space:]]+)?import[[:space:]]+((typealias|struct|class|enum|protocol|let|var|func)[[:space:]]+)?[A-Za-z_][A-Za-z0-9_]*'

status=0
for rule in "${rules[@]}"; do
  directory=${rule%%|*}
  rest=${rule#*|}
  mode=${rest%%|*}
  rest=${rest#*|}
  why=${rest##*|}
  modules=${rest%|*}
  [ -d "$directory" ] || { echo "check-layers: $directory is missing (update scripts/check-layers.sh)" >&2; exit 1; }
  while IFS=: read -r file line text; do
    module=$(sed -E 's/^[[:space:]]*(@[A-Za-z_]+[[:space:]]+)*((public|package|internal|fileprivate|private)[[:space:]]+)?import[[:space:]]+((typealias|struct|class|enum|protocol|let|var|func)[[:space:]]+)?//; s/[^A-Za-z0-9_].*//' <<<"$text")
    if [[ $module =~ ^($modules)$ ]]; then matched=1; else matched=0; fi
    if { [ "$mode" = allow ] && [ "$matched" -eq 0 ]; } || { [ "$mode" = deny ] && [ "$matched" -eq 1 ]; }; then
      echo "$file:$line: imports $module; $why" >&2
      status=1
    fi
  done < <(grep -rnE --include='*.swift' "$import_re" "$directory" || true)
done
[ "$status" -eq 0 ] && [ -n "${VERBOSE:-}" ] && echo "check-layers: the imports of Sources keep the module layers"
exit "$status"
