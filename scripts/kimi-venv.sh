#!/usr/bin/env bash
# Creates (once, cached) the Python virtual environment holding the Kimi CLI that KimiRuntime
# is pinned to, and prints the path of its `kimi` executable.
#
#   scripts/kimi-venv.sh            -> prints .cache/kimi-venv/bin/kimi (absolute path)
#   KIMI_VENV_DIR=/tmp/x scripts/kimi-venv.sh   -> builds the venv somewhere else
#
# Recipe (notes/kimi-wire.md §4): Python >= 3.12 venv, `pip install kimi-cli==1.52.0` to get the
# dependency set, then `pip install --no-deps kimi-cli==1.51.0` (1.52.0 is a deprecation stub; 1.51.0
# is the last working release). The pinned version must equal KimiPin in Sources/KimiRuntime and
# the pin table of RELEASES.md (a test checks all three).
#
# Idempotent: when the venv exists and `kimi info --json` reports the pinned version it only
# prints the path. Exits non-zero with a message on stderr when the venv cannot be built.
set -euo pipefail

KIMI_CLI_PIN=1.51.0
KIMI_CLI_DEPS_FROM=1.52.0

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${KIMI_VENV_DIR:-$repo/.cache/kimi-venv}"
kimi="$venv/bin/kimi"
stamp="$venv/.kimi-venv-ok"
stamp_value="$KIMI_CLI_PIN verified"

log() { printf 'kimi-venv: %s\n' "$*" >&2; }
fail() { log "error: $*"; exit 1; }

# Fast path: a stamp written after a verified build, plus the installed distribution's metadata.
# (A full `kimi info --json` costs about a second of Python start-up, so it runs only on a miss.)
fast_ok() {
    [ -x "$kimi" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$stamp_value" ] &&
        compgen -G "$venv/lib/python3.*/site-packages/kimi_cli-$KIMI_CLI_PIN.dist-info" >/dev/null
}

verified() {
    [ -x "$kimi" ] || return 1
    local info
    info="$("$kimi" info --json 2>/dev/null)" || return 1
    printf '%s' "$info" | grep -Eq "\"kimi_cli_version\": *\"$KIMI_CLI_PIN\"" || return 1
    # `info` does not import the agent; this catches interpreters the agent cannot run on.
    "$venv/bin/python" -c 'import kimi_cli.app' >/dev/null 2>&1
}

if fast_ok; then
    printf '%s\n' "$kimi"
    exit 0
fi

mkdir -p "$(dirname "$venv")"
lock="$venv.lock"
if command -v flock >/dev/null 2>&1; then
    exec 9>"$lock"
    flock 9
    if fast_ok; then printf '%s\n' "$kimi"; exit 0; fi
fi

if verified; then
    printf '%s\n' "$stamp_value" >"$stamp"
    printf '%s\n' "$kimi"
    exit 0
fi

# An interpreter qualifies when it is >= 3.12 and does not have the CPython 3.12.0/3.12.1 bug that
# breaks frozen, slotted, generic dataclasses (kimi-cli 1.51.0 crashes on import with it: "super(type,
# obj): obj must be an instance or subtype of type").
probe='
import sys
from dataclasses import dataclass
from typing import Generic, TypeVar
if sys.version_info < (3, 12):
    sys.exit(1)
T = TypeVar("T")
@dataclass(frozen=True, slots=True)
class C(Generic[T]):
    x: int
C[int](x=1)
'
usable() { "$@" -c "$probe" >/dev/null 2>&1; }

# Candidates, in order: the pyenv 3.12.1 of the recipe, then every pyenv-installed Python >= 3.12
# (newest first, run directly so no shims are needed), then python3.1x / python3 on PATH.
candidates=("env PYENV_VERSION=3.12.1 python3.12")
pyenv_root="${PYENV_ROOT:-$HOME/.pyenv}"
if [ -d "$pyenv_root/versions" ]; then
    while read -r dir; do
        [ -x "$dir/bin/python3" ] && candidates+=("$dir/bin/python3")
    done < <(find "$pyenv_root/versions" -mindepth 1 -maxdepth 1 -name '3.1[2-9]*' 2>/dev/null | sort -rV)
fi
candidates+=(python3.12 python3.13 python3.14 python3)

python=()
for candidate in "${candidates[@]}"; do
    read -r -a cmd <<<"$candidate"
    if usable "${cmd[@]}"; then
        python=("${cmd[@]}")
        break
    fi
    log "skipping '$candidate' (missing, older than 3.12, or has the 3.12.0/3.12.1 dataclass bug)"
done
[ ${#python[@]} -gt 0 ] || fail "no usable Python >= 3.12 found (tried: ${candidates[*]}); install one (e.g. pyenv install 3.13) and retry"

log "building $venv with $("${python[@]}" --version 2>&1) (kimi-cli $KIMI_CLI_PIN); this takes a few minutes once"
rm -rf "$venv"
"${python[@]}" -m venv "$venv" || fail "could not create the virtual environment at $venv (is the venv/ensurepip module installed?)"
pip=("$venv/bin/python" -m pip --disable-pip-version-check --quiet)
"${pip[@]}" install "kimi-cli==$KIMI_CLI_DEPS_FROM" >&2 ||
    fail "pip install kimi-cli==$KIMI_CLI_DEPS_FROM (dependency set) failed"
"${pip[@]}" install --no-deps --force-reinstall "kimi-cli==$KIMI_CLI_PIN" >&2 ||
    fail "pip install --no-deps kimi-cli==$KIMI_CLI_PIN failed"

verified || fail "$kimi does not report kimi_cli_version $KIMI_CLI_PIN or its agent does not import (kimi info --json: $("$kimi" info --json 2>&1 | head -c 300); $("$venv/bin/python" -c 'import kimi_cli.app' 2>&1 | tail -n 1))"
printf '%s\n' "$stamp_value" >"$stamp"
log "ready: $kimi"
printf '%s\n' "$kimi"
