#!/usr/bin/env bash
# Creates (once, cached) the Python virtual environment holding Zed's ACP Python SDK (PyPI
# `agent-client-protocol`), which the fixture agent Tests/Fixtures/kimi/sdk_acp_agent.py is built
# on, and prints the path of that venv's python.
#
#   scripts/acp-sdk-venv.sh                      -> prints .cache/acp-sdk-venv/bin/python
#   ACP_SDK_VENV_DIR=$HOME/venvs/acp-sdk scripts/acp-sdk-venv.sh
#
# A venv of its own: kimi-cli's venv holds an older release (0.8.0) of the same SDK, and the newest
# release's schema validation is the reference the fixture agent holds KimiRuntime to.
# Idempotent and quiet when the venv already holds the pinned release.
set -euo pipefail

ACP_SDK_PIN=0.12.1

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${ACP_SDK_VENV_DIR:-$repo/.cache/acp-sdk-venv}"
python="$venv/bin/python"
stamp="$venv/.acp-sdk-ok"

log() { printf 'acp-sdk-venv: %s\n' "$*" >&2; }
fail() { log "error: $*"; exit 1; }

if [ -x "$python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$ACP_SDK_PIN" ]; then
    printf '%s\n' "$python"
    exit 0
fi

mkdir -p "$(dirname "$venv")"
if command -v flock >/dev/null 2>&1; then
    exec 9>"$venv.lock"
    flock 9
    if [ -x "$python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$ACP_SDK_PIN" ]; then
        printf '%s\n' "$python"
        exit 0
    fi
fi

interpreter=""
for candidate in python3.13 python3.12 python3.11 python3.10 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
        "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' >/dev/null 2>&1; then
        interpreter="$candidate"
        break
    fi
done
[ -n "$interpreter" ] || fail "no Python >= 3.10 found; install one (apt-get install python3 python3-venv) and retry"

log "building $venv with $("$interpreter" --version 2>&1) (agent-client-protocol $ACP_SDK_PIN)"
rm -rf "$venv"
"$interpreter" -m venv "$venv" || fail "could not create the virtual environment at $venv (is python3-venv installed?)"
"$python" -m pip --disable-pip-version-check --quiet install "agent-client-protocol==$ACP_SDK_PIN" >&2 ||
    fail "pip install agent-client-protocol==$ACP_SDK_PIN failed"
"$python" -c 'import acp' >/dev/null 2>&1 || fail "the SDK does not import in $venv"
printf '%s\n' "$ACP_SDK_PIN" >"$stamp"
log "ready: $python"
printf '%s\n' "$python"
