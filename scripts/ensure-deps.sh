#!/usr/bin/env bash
# Installs what a fresh machine lacks to build and test release-mirror: libgit2's headers and
# pkg-config (Debian: libgit2-dev), and the reliability tests' servers. Quiet and fast when
# everything is present.
set -euo pipefail
missing=()
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
if ! pkg-config --exists libgit2 2>/dev/null; then missing+=(libgit2-dev); fi
command -v git >/dev/null 2>&1 || missing+=(git)
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
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
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
pkg-config --exists libgit2 || { echo "ensure-deps: libgit2 still not found by pkg-config" >&2; exit 1; }
