#!/usr/bin/env bash
# Where the initial-sync push goes: callgrind (instruction counts, reproducible) and wall/RSS
# figures for libgit2's pack builder on the bench's small mirror, against git's own tools.
#
#   bench/profile/profile.sh [--large]
#
# Needs a previous `make bench` (it profiles bench/out/work/small-git/rm-post: the mirror as
# release-mirror fetched it). valgrind cannot run the Swift binary (valgrind 3.19 rejects its
# DWARF 5 and dies in libdispatch's signal thread), so push-probe.c does the same libgit2 calls
# from C. For function names inside libgit2 (its static functions), point LIBGIT2_DEBUG_LIB_DIR at
# a build of the same libgit2 with symbols, e.g. from Debian's source package:
#   apt-get source libgit2 && cmake -DCMAKE_BUILD_TYPE=RelWithDebInfo -DUSE_HTTPS=mbedTLS \
#     -DUSE_SSH=ON -DUSE_HTTP_PARSER=system -DREGEX_BACKEND=pcre2 -DBUILD_TESTS=OFF -DBUILD_CLI=OFF
# (the same options as debian/rules; the instruction counts match the system library's).
# Results: bench/out/profile/ (callgrind.*.out, *.txt summaries).
# --large also measures wall time and peak RSS of the pack build on the large mirror.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BENCH=$(cd "$HERE/.." && pwd)
OUT="$BENCH/out/profile"
SRV="$BENCH/out/srv"
MIRROR="$BENCH/out/work/small-git/rm-post"
LARGE_MIRROR="$BENCH/out/work/large-git/rm-post"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null LC_ALL=C
[ -d "$MIRROR/.git" ] || { echo "profile: run \`make bench\` first (no $MIRROR)" >&2; exit 1; }
command -v valgrind >/dev/null || { echo "profile: valgrind is required (Debian: apt-get install valgrind)" >&2; exit 1; }
mkdir -p "$OUT"
LIBDIR=${LIBGIT2_DEBUG_LIB_DIR:-}

gcc -O2 -g -Wall -o "$OUT/push-probe" "$HERE/push-probe.c" $(pkg-config --cflags --libs libgit2)
PROBE="$OUT/push-probe"
probe() { if [ -n "$LIBDIR" ]; then LD_LIBRARY_PATH="$LIBDIR" "$PROBE" "$@"; else "$PROBE" "$@"; fi; }

# What release-mirror pushes on an initial sync: tags, the sync record, release branches, the branch.
refspecs() {
  git --git-dir="$1/.git" for-each-ref --format='%(refname):%(refname)' 'refs/tags/@moonshot-ai/' \
    refs/release-mirror/last-sync refs/notes/release-mirror refs/heads/release/ refs/heads/upstream-main
}
refspecs "$MIRROR" >"$OUT/specs.small"
# The same mirror with delta search switched off: libgit2 1.5.1 reads pack.deltaCacheSize into its
# big-file threshold as well (pack-objects.c), so a threshold of 1 byte leaves every object undeltified.
rm -rf "$OUT/nodelta" && cp -a "$MIRROR" "$OUT/nodelta" && git -C "$OUT/nodelta" config pack.deltaCacheSize 1

DAEMON_PID=""
trap '[ -n "$DAEMON_PID" ] && kill "$DAEMON_PID" 2>/dev/null; wait 2>/dev/null || true' EXIT
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$OUT/srv"
git daemon --reuseaddr --listen=127.0.0.1 --port="$PORT" --base-path="$OUT/srv" --export-all --enable=receive-pack \
  "$OUT/srv" >"$OUT/daemon.log" 2>&1 &
DAEMON_PID=$!
rm -rf "$OUT/srv/upstream.git" && git clone -q --bare --no-local "$SRV/upstreams/small/post.git" "$OUT/srv/upstream.git"
for _ in $(seq 50); do git ls-remote "git://127.0.0.1:$PORT/upstream.git" HEAD >/dev/null 2>&1 && break; sleep 0.1; done

echo "== wall time and peak RSS (small mirror: $(wc -l <"$OUT/specs.small") refs)"
T() { /usr/bin/time -f "%e s wall, %U s user, %M KB peak" "$@"; }
for th in 1 0; do
  printf 'libgit2 pack build in memory, %s thread(s): ' "$([ $th = 0 ] && nproc || echo 1)"
  T "$PROBE" pack "$MIRROR" "$th" <"$OUT/specs.small" 2>&1 | tail -1
done
printf 'libgit2 pack build, strict hash verification off: '
PROBE_STRICT_HASH=0 T "$PROBE" pack "$MIRROR" 0 <"$OUT/specs.small" 2>&1 | tail -1
printf 'libgit2 pack build, no delta search: '
T "$PROBE" pack "$OUT/nodelta" 0 <"$OUT/specs.small" 2>&1 | tail -1
for th in 1 0; do
  rm -rf "$OUT/srv/origin.git" && git init -q --bare "$OUT/srv/origin.git"
  printf 'libgit2 push to an empty origin over git://, %s thread(s): ' "$([ $th = 0 ] && nproc || echo 1)"
  T "$PROBE" push "$MIRROR" "git://127.0.0.1:$PORT/origin.git" "$th" <"$OUT/specs.small" 2>&1 | tail -1
done
rm -rf "$OUT/srv/origin.git" && git init -q --bare "$OUT/srv/origin.git"
printf 'git push (CLI) to an empty origin over git://: '
# shellcheck disable=SC2046
T git --git-dir="$MIRROR/.git" push -q "git://127.0.0.1:$PORT/origin.git" $(cat "$OUT/specs.small") 2>&1 | tail -1
printf 'git pack-objects (CLI, reuses deltas) of the same objects: '
sed 's/:.*//' "$OUT/specs.small" | T git --git-dir="$MIRROR/.git" pack-objects --revs --stdout -q 2>&1 >/dev/null | tail -1
rm -rf "$OUT/fetched" && git init -q "$OUT/fetched"
FETCH_SPECS=$'+refs/heads/main:refs/release-mirror/upstream/heads/main\n+refs/tags/@moonshot-ai/kimi-code@*:refs/release-mirror/upstream/tags/@moonshot-ai/kimi-code@*'
printf 'libgit2 fetch of the upstream into an empty repository over git://: '
printf '%s\n' "$FETCH_SPECS" | T "$PROBE" fetch "$OUT/fetched" "git://127.0.0.1:$PORT/upstream.git" 2>&1 | tail -1
rm -rf "$OUT/fetched" && git init -q "$OUT/fetched"
printf 'git fetch (CLI) of the same: '
# shellcheck disable=SC2086
T git -C "$OUT/fetched" fetch -q --no-tags "git://127.0.0.1:$PORT/upstream.git" $FETCH_SPECS 2>&1 | tail -1
if [ "${1:-}" = --large ] && [ -d "$LARGE_MIRROR/.git" ]; then
  refspecs "$LARGE_MIRROR" >"$OUT/specs.large"
  echo "== large mirror ($(wc -l <"$OUT/specs.large") refs): pack build in memory, $(nproc) threads"
  for env in X=default PROBE_CACHE_MAX=67108864 PROBE_CACHING=0; do
    printf '%s: ' "$env"
    env "$env" /usr/bin/time -f "%e s wall, %U s user, %M KB peak" "$PROBE" pack "$LARGE_MIRROR" 0 <"$OUT/specs.large" 2>&1 | tail -1
  done
fi

echo "== callgrind (instructions, one pack-builder thread so that the counts are reproducible)"
cg() { # name repo/args...
  local name=$1; shift
  if [ -n "$LIBDIR" ]; then export LD_LIBRARY_PATH="$LIBDIR"; fi
  valgrind --tool=callgrind --callgrind-out-file="$OUT/callgrind.$name.out" "$@" >"$OUT/callgrind.$name.log" 2>&1
  unset LD_LIBRARY_PATH
  { callgrind_annotate --inclusive=yes "$OUT/callgrind.$name.out" 2>/dev/null | sed -n '/file:function/,$p' | head -45; } \
    >"$OUT/callgrind.$name.txt" || true
  printf '%-34s %s\n' "$name" "$(grep -o 'I *refs: *[0-9,]*' "$OUT/callgrind.$name.log" | head -1 || true)"
}
cg pack-default "$PROBE" pack "$MIRROR" 1 <"$OUT/specs.small" &
pid=$!
PROBE_STRICT_HASH=0 cg pack-no-strict-hash "$PROBE" pack "$MIRROR" 1 <"$OUT/specs.small"
wait "$pid"
cg pack-no-delta "$PROBE" pack "$OUT/nodelta" 1 <"$OUT/specs.small" &
pid=$!
rm -rf "$OUT/fetched" && git init -q "$OUT/fetched"
printf '%s\n' "$FETCH_SPECS" | cg fetch "$PROBE" fetch "$OUT/fetched" "git://127.0.0.1:$PORT/upstream.git"
wait "$pid"
echo "summaries (top functions by inclusive cost): $OUT/callgrind.*.txt"
