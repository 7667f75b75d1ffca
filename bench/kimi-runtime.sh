#!/usr/bin/env bash
# KimiRuntime's own cost per turn, over both protocols: `kimi-conformance --bench` runs turns of the
# real kimi-cli 1.51.0 against the fake OpenAI-compatible model server and compares each turn's
# time in KimiRuntime with the CLI's own time for it (prompt request written -> answer read).
# Target: under 5 ms added per turn (median). Exits non-zero when a protocol misses it.
#
#   bench/kimi-runtime.sh [TURNS]      (default 30; builds kimi-conformance in release mode)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
turns="${1:-30}"
kimi="${KIMI_CLI_PATH:-$("$repo/scripts/kimi-venv.sh")}"
swift build -c release --product kimi-conformance --package-path "$repo" >&2
bin="$(swift build -c release --product kimi-conformance --package-path "$repo" --show-bin-path)/kimi-conformance"
status=0
for protocol in wire acp; do
    "$bin" --kimi "$kimi" --protocol "$protocol" --bench "$turns" || status=1
done
exit "$status"
