#!/usr/bin/env bash
# Installs what a fresh machine lacks (Debian packages), quiet and fast when everything is present.
#
#   scripts/ensure-deps.sh build   what `swift build` needs: pkg-config and libgit2's headers
#                                  (libgit2-dev, 1.5.1 up to, not including, 2.0), and git for
#                                  SwiftPM's own dependency checkouts (`make build`)
#   scripts/ensure-deps.sh test    that, plus the test suites' real peers (`make test`; the default)
#
# The Kimi CLI test peer is a Python venv of its own: scripts/kimi-venv.sh (make test runs it).
set -euo pipefail
mode="${1:-test}"
case "$mode" in
  build | test) ;;
  *) echo "usage: scripts/ensure-deps.sh [build|test]" >&2; exit 2 ;;
esac

# The libgit2 range the build accepts (Package.swift cannot state a version for pkg-config; the C
# target refuses any other at compile time too, Sources/CGitSupport/gate.h). Only 1.5 runs the
# fast paths written for its internals (README, Performance).
LIBGIT2_MIN=1.5.1
LIBGIT2_BELOW=2.0.0

missing=()
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
if ! pkg-config --exists libgit2 2>/dev/null; then missing+=(libgit2-dev); fi
command -v git >/dev/null 2>&1 || missing+=(git)
if [ "$mode" = test ]; then
  # The reliability tests: a real smart-HTTP(S) git server (lighttpd + git http-backend), openssl
  # for its certificate, setpriv to run the smoke probe as an unprivileged user, and a real OpenSSH
  # server (sshd + ssh-keygen) for the SSH transport tests.
  [ -x /usr/sbin/lighttpd ] || missing+=(lighttpd)
  [ -e /usr/lib/lighttpd/mod_openssl.so ] || missing+=(lighttpd-mod-openssl)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  command -v setpriv >/dev/null 2>&1 || missing+=(util-linux)
  [ -x /usr/sbin/sshd ] || missing+=(openssh-server)
  command -v ssh-keygen >/dev/null 2>&1 || missing+=(openssh-client)
  # The package tests: a real Node and npm (`npm pack`, an offline `npm install`, a Node import). A
  # Node already on PATH (for example NodeSource's, which bundles npm) is used as it is; Debian's
  # packages are installed only when there is none.
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  # The release build's (.github/workflows/release.yml: FoundationNetworking with
  # --static-swift-stdlib) and the install action's tools; the workflow harness checks the
  # workflows' package lists against this host.
  dpkg-query --show libcurl4-openssl-dev >/dev/null 2>&1 || missing+=(libcurl4-openssl-dev)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "ensure-deps: installing ${missing[*]}" >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
      echo "ensure-deps: need root (or sudo) to apt-get install ${missing[*]}" >&2; exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >/dev/null
  $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
pkg-config --exists libgit2 || { echo "ensure-deps: libgit2 still not found by pkg-config" >&2; exit 1; }
if ! pkg-config --atleast-version="$LIBGIT2_MIN" libgit2 || pkg-config --atleast-version="$LIBGIT2_BELOW" libgit2; then
  echo "ensure-deps: libgit2 $(pkg-config --modversion libgit2) is not supported: release-mirror needs" \
    ">= $LIBGIT2_MIN and < $LIBGIT2_BELOW (1.5.x runs its fast paths; Debian bookworm: libgit2-dev)" >&2
  exit 1
fi
