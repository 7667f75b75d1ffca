#!/usr/bin/env bash
# make bench: release-mirror against the git CLI doing the same job, side by side, no network.
#
#   bench/run.sh [--quick]
#
# 1. builds release-mirror in release mode;
# 2. generates (once, cached under bench/out/upstreams/) small (1k commits, 70 release tags,
#    ≈25k files across history), medium (7k commits, 700 tags) and large (20k commits, 2,000
#    tags, 500 unrelated branches + 500 unrelated tags) upstreams with scripts/gen-upstream.py,
#    each as two bare repositories: `post` (the full history) and `pre` (the same without the
#    last 40 commits and 2 release tags: the incremental update);
# 3. serves upstreams and origins over git's smart protocol on 127.0.0.1 (`git daemon
#    --enable=receive-pack` on a free port; killed on exit);
# 4. times each scenario with hyperfine (median of >= 5 runs after a warm-up) for release-mirror
#    and for the reference scripts (bench/reference-*.sh: the same job done correctly with the git
#    CLI), peak RSS with /usr/bin/time; then the path / file:// transports (small upstream);
# 5. prints the tables (also written to bench/out/results.md and bench/out/results.json).
# --quick: 3 runs per scenario instead of 5 (for trying the harness; not for the record).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
OUT="$HERE/out"
RUNS=5
[ "${1:-}" = "--quick" ] && RUNS=3
BIN="$ROOT/.build/release/release-mirror"
SRV="$OUT/srv"            # everything git daemon serves: upstreams and origins
WORK="$OUT/work"          # mirrors, saved states, timing files
STARTED=$(date +%s)

# A quiet, reproducible git environment for both tools.
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL="$OUT/gitconfig"
export GIT_AUTHOR_NAME="Bench Bot" GIT_AUTHOR_EMAIL=bench@example.invalid
export GIT_COMMITTER_NAME="Bench Bot" GIT_COMMITTER_EMAIL=bench@example.invalid
export GIT_TERMINAL_PROMPT=0 LC_ALL=C

say() { printf '\n\033[1m== [%s] %s\033[0m\n' "$(date -u -d "@$(( $(date +%s) - STARTED ))" +%M:%S)" "$*" >&2; }
note() { printf '   %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# Tools
# ---------------------------------------------------------------------------------------------
need() { command -v "$1" >/dev/null 2>&1; }
if ! need hyperfine; then
  if [ "$(id -u)" = 0 ] && need apt-get; then
    say "installing hyperfine (Debian package)"
    apt-get install -y -q hyperfine >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q hyperfine >/dev/null; }
  fi
  need hyperfine || die "hyperfine is required (Debian: apt-get install hyperfine)"
fi
if [ ! -x /usr/bin/time ]; then
  if [ "$(id -u)" = 0 ] && need apt-get; then apt-get install -y -q time >/dev/null || true; fi
  [ -x /usr/bin/time ] || die "/usr/bin/time is required (Debian: apt-get install time)"
fi
for t in git python3 swift; do need "$t" || die "$t is required"; done

mkdir -p "$OUT" "$SRV/origins" "$WORK"
printf '[init]\n\tdefaultBranch = main\n[gc]\n\tauto = 0\n[maintenance]\n\tauto = false\n' >"$OUT/gitconfig"

# ---------------------------------------------------------------------------------------------
# Build (others may be building the same tree: SwiftPM serialises on its lock; a failure in a
# file that is being edited is retried).
# ---------------------------------------------------------------------------------------------
say "build release-mirror (release)"
for attempt in 1 2 3 4; do
  if (cd "$ROOT" && swift build -c release --product release-mirror >"$OUT/build.log" 2>&1); then break; fi
  [ "$attempt" = 4 ] && { tail -30 "$OUT/build.log" >&2; die "release build failed"; }
  note "release build failed (attempt $attempt); retrying in 60 s"; sleep 60
done
note "$("$BIN" --version 2>/dev/null || echo release-mirror) · libgit2 $(pkg-config --modversion libgit2 2>/dev/null || echo '?') · $(git --version) · $(hyperfine --version)"

has_command() { "$BIN" --help 2>/dev/null | grep -Eq "^[[:space:]]+$1([[:space:]]|$)"; }

# ---------------------------------------------------------------------------------------------
# Upstreams: generated once, cached (a change of parameters or of the generator regenerates).
# ---------------------------------------------------------------------------------------------
BULK="--tree-files 3000 --lockfile-kb 150 --append-commits 40 --append-releases 2"
declare -A GEN=(
  [small]="--commits 960 --releases 68 --unrelated 20 --changes-per-commit 22 $BULK"
  [medium]="--commits 6960 --releases 698 --unrelated 200 --changes-per-commit 1 $BULK"
  [large]="--commits 19960 --releases 1998 --unrelated 500 --changes-per-commit 1 $BULK"
)
SIZES=(small medium large)
declare -A TAGS=([small]=70 [medium]=700 [large]=2000)

gen_upstream() {
  local size=$1 dir="$SRV/upstreams/$1"
  local key
  key=$(printf 'v2 %s\n' "${GEN[$size]}" | cat - "$ROOT/scripts/gen-upstream.py" | sha1sum | cut -c1-12)
  if [ -f "$dir/key" ] && [ "$(cat "$dir/key")" = "$key" ]; then return 0; fi
  note "generating the $size upstream (${GEN[$size]})"
  rm -rf "$dir" && mkdir -p "$dir"
  # shellcheck disable=SC2086
  python3 "$ROOT/scripts/gen-upstream.py" "$dir/post.git" --bare ${GEN[$size]} >"$dir/releases.json"
  # packed (objects and refs) as a hosting service serves it
  git -C "$dir/post.git" repack -a -d -f -q && git -C "$dir/post.git" pack-refs --all
  # pre = post without the last 40 commits and the 2 release tags on them
  git clone -q --mirror "$dir/post.git" "$dir/pre.git"
  local base
  base=$(git -C "$dir/pre.git" rev-parse 'main~40')
  {
    git -C "$dir/pre.git" for-each-ref --format='%(refname)' --contains "$(git -C "$dir/pre.git" rev-parse 'main~39')" refs/tags |
      sed 's/^/delete /'
    echo "update refs/heads/main $base"
  } | git -C "$dir/pre.git" update-ref --stdin
  git -C "$dir/pre.git" repack -a -d -q && git -C "$dir/pre.git" pack-refs --all
  echo "$key" >"$dir/key"
}
say "upstreams (cached in bench/out/upstreams)"
for size in "${SIZES[@]}"; do gen_upstream "$size"; done
for size in "${SIZES[@]}"; do
  d="$SRV/upstreams/$size/post.git"
  note "$size: $(git -C "$d" rev-list --count main) commits, $(git -C "$d" for-each-ref refs/tags/@moonshot-ai | wc -l) release tags, $(git -C "$d" for-each-ref refs/tags refs/heads | grep -vc '@moonshot-ai\|refs/heads/main') unrelated refs, $(git -C "$d" count-objects -v | awk '/in-pack/{print $2}') objects, $(du -sm "$d/objects/pack" | cut -f1) MB packed"
done

# ---------------------------------------------------------------------------------------------
# git daemon on 127.0.0.1
# ---------------------------------------------------------------------------------------------
DAEMON_PID=""
cleanup() {
  local rc=$?
  if [ -n "$DAEMON_PID" ]; then kill "$DAEMON_PID" 2>/dev/null || true; wait "$DAEMON_PID" 2>/dev/null || true; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
for attempt in 1 2 3 4 5; do
  PORT=$(free_port)
  git daemon --reuseaddr --listen=127.0.0.1 --port="$PORT" --base-path="$SRV" --export-all \
    --enable=receive-pack --informative-errors "$SRV" >"$OUT/daemon.log" 2>&1 &
  DAEMON_PID=$!
  for _ in $(seq 50); do
    git ls-remote "git://127.0.0.1:$PORT/upstreams/small/post.git" HEAD >/dev/null 2>&1 && break 2
    kill -0 "$DAEMON_PID" 2>/dev/null || break
    sleep 0.1
  done
  kill "$DAEMON_PID" 2>/dev/null || true; wait "$DAEMON_PID" 2>/dev/null || true; DAEMON_PID=""
done
[ -n "$DAEMON_PID" ] || die "could not start git daemon on 127.0.0.1"
GIT_URL="git://127.0.0.1:$PORT"
say "git daemon on 127.0.0.1:$PORT (pid $DAEMON_PID)"

# ---------------------------------------------------------------------------------------------
# Mirror states. For each size and tool: an empty mirror (initial sync), a mirror + origin synced
# with `pre` (saved: the incremental sync starts there) and one synced with `post` (no-op).
# ---------------------------------------------------------------------------------------------
RM_SYNC() { "$BIN" sync --quiet --config "$1/release-mirror.toml"; }
REF_SYNC() { "$HERE/reference-sync.sh" "$@"; }
set_upstream() { sed -i "s|^url = .*|url = \"$2\"|" "$1/release-mirror.toml"; }
snapshot() { rm -rf "$2" && cp -a "$1" "$2"; }
fresh_bare() { rm -rf "$1" && git init -q --bare "$1"; }

# A development build cannot pin the workflows init writes to a release of itself (SPEC §12.1).
TOOL_REF=()
if "$BIN" --version | grep -q '^development build'; then
  TOOL_REF=(--tool-ref "v0.1.0@$(git -C "$ROOT" rev-parse HEAD 2>/dev/null || printf 'a%.0s' {1..40})")
fi
# make_states SIZE UPSTREAM_URL(pre) UPSTREAM_URL(post) TAG ORIGIN_URL ORIGIN_DIR [initial-only]
# sets up $WORK/SIZE-TAG/…
make_states() {
  local size=$1 pre=$2 post=$3 tag=$4 origin_url=$5 origin_dir=$6 only=${7:-}
  local w="$WORK/$size-$tag"
  rm -rf "$w" && mkdir -p "$w"
  # release-mirror: init writes the config; smoke off for benchmarks
  "$BIN" init --quiet --upstream "$post" --remote "$origin_url" "${TOOL_REF[@]}" "$w/empty" >/dev/null
  sed -i 's/^on = .*/on = "never"/' "$w/empty/release-mirror.toml"
  fresh_bare "$origin_dir"
  [ "$only" = initial-only ] && return 0
  snapshot "$w/empty" "$w/rm"
  set_upstream "$w/rm" "$pre"
  RM_SYNC "$w/rm" >/dev/null || die "release-mirror setup sync ($size, pre) failed"
  set_upstream "$w/rm" "$post"
  snapshot "$w/rm" "$w/rm-pre"; snapshot "$origin_dir" "$w/rm-origin-pre"
  RM_SYNC "$w/rm" >/dev/null || die "release-mirror setup sync ($size, post) failed"
  snapshot "$w/rm" "$w/rm-post"; snapshot "$origin_dir" "$w/rm-origin-post"
  # reference
  fresh_bare "$origin_dir.ref"
  REF_SYNC "$w/ref" "$pre" "$origin_url.ref" >/dev/null || die "reference setup sync ($size, pre) failed"
  snapshot "$w/ref" "$w/ref-pre"; snapshot "$origin_dir.ref" "$w/ref-origin-pre"
  REF_SYNC "$w/ref" "$post" "$origin_url.ref" >/dev/null || die "reference setup sync ($size, post) failed"
  snapshot "$w/ref" "$w/ref-post"; snapshot "$origin_dir.ref" "$w/ref-origin-post"
  # both mirrors must publish the same release refs
  diff <(git --git-dir="$origin_dir" for-each-ref --format='%(objectname) %(refname)' refs/tags refs/heads) \
    <(git --git-dir="$origin_dir.ref" for-each-ref --format='%(objectname) %(refname)' refs/tags refs/heads) >/dev/null ||
    die "$size: release-mirror and the reference published different refs"
}

RESULTS="$WORK/results"
rm -rf "$RESULTS" && mkdir -p "$RESULTS"

# bench NAME SIZE TRANSPORT RUNS WARMUP PREP_RM CMD_RM PREP_REF CMD_REF
# Times both commands with hyperfine and records peak RSS of every timed run with /usr/bin/time.
bench() {
  local name=$1 size=$2 transport=$3 runs=$4 warmup=$5 prep_rm=$6 cmd_rm=$7 prep_ref=$8 cmd_ref=$9
  local id="$name-$size-$transport" t=/usr/bin/time
  note "$name · $size · $transport"
  : >"$RESULTS/$id.rm.rss"; : >"$RESULTS/$id.git.rss"
  local args=(--style basic --runs "$runs" --warmup "$warmup" --export-json "$RESULTS/$id.json" -i)
  [ -n "$prep_rm" ] && args+=(--prepare "$prep_rm") || args+=(--prepare true)
  [ -n "$prep_ref" ] && args+=(--prepare "$prep_ref") || args+=(--prepare true)
  hyperfine "${args[@]}" \
    -n release-mirror "$t -a -o $RESULTS/$id.rm.rss -f %M $cmd_rm" \
    -n git "$t -a -o $RESULTS/$id.git.rss -f %M $cmd_ref" >"$RESULTS/$id.log" 2>&1 ||
    { cat "$RESULTS/$id.log" >&2; die "hyperfine failed for $id"; }
  printf '%s\t%s\t%s\t%s\n' "$name" "$size" "$transport" "$id" >>"$RESULTS/index.tsv"
}

# The exit status of a command, checked once before it is timed (hyperfine runs with -i so that
# an audit finding does not abort the whole benchmark; a wrong status is reported in the table).
expect_status() {
  local want=$1 id=$2; shift 2
  local rc=0
  "$@" >"$RESULTS/$id.out" 2>&1 || rc=$?
  echo "$rc" >"$RESULTS/$id.status"
  [ "$rc" = "$want" ] || note "warning: $id exited $rc (expected $want): $(tail -3 "$RESULTS/$id.out" | tr '\n' ' ')"
}

# ---------------------------------------------------------------------------------------------
# Scenarios over git:// (smart protocol on loopback)
# ---------------------------------------------------------------------------------------------
for size in "${SIZES[@]}"; do
  say "$size: setting up mirrors (one initial and one incremental sync per tool; this also warms caches)"
  up="$GIT_URL/upstreams/$size"
  od="$SRV/origins/$size.git"
  ou="$GIT_URL/origins/$size.git"
  make_states "$size" "$up/pre.git" "$up/post.git" git "$ou" "$od"
  w="$WORK/$size-git"

  say "$size: timing"
  if [ "$size" != medium ]; then
    # Initial sync: an empty mirror and an empty origin each run. The setup above ran this same
    # sync once per tool (the warm-up), so hyperfine runs no extra warm-up for it.
    bench initial "$size" git "$RUNS" 0 \
      "rm -rf $w/rm $od && cp -a $w/empty $w/rm && git init -q --bare $od" \
      "$BIN sync --quiet --config $w/rm/release-mirror.toml" \
      "rm -rf $w/ref $od.ref && git init -q --bare $od.ref" \
      "$HERE/reference-sync.sh $w/ref $up/post.git $ou.ref"
  fi
  # Incremental: mirror + origin as synced with `pre`; upstream is `post` (40 commits, 2 tags).
  bench incremental "$size" git "$RUNS" 1 \
    "rm -rf $w/rm $od && cp -a $w/rm-pre $w/rm && cp -a $w/rm-origin-pre $od" \
    "$BIN sync --quiet --config $w/rm/release-mirror.toml" \
    "rm -rf $w/ref $od.ref && cp -a $w/ref-pre $w/ref && cp -a $w/ref-origin-pre $od.ref" \
    "$HERE/reference-sync.sh $w/ref $up/post.git $ou.ref"
  # No-op: everything already mirrored and published.
  rm -rf "$w/rm" "$od" "$w/ref" "$od.ref"
  cp -a "$w/rm-post" "$w/rm"; cp -a "$w/rm-origin-post" "$od"
  cp -a "$w/ref-post" "$w/ref"; cp -a "$w/ref-origin-post" "$od.ref"
  bench noop "$size" git "$RUNS" 2 "" \
    "$BIN sync --quiet --config $w/rm/release-mirror.toml" "" \
    "$HERE/reference-sync.sh $w/ref $up/post.git $ou.ref"

  [ "$size" = medium ] && continue
  # Audit of every mirror tag, and publish-tag --dry-run on the newest release.
  ledger="$w/rm/RELEASES.md"
  if has_command ledger; then
    expect_status 0 "ledger-update-$size" "$BIN" ledger update --quiet --config "$w/rm/release-mirror.toml"
  fi
  if has_command audit; then
    expect_status 0 "audit-$size" "$BIN" audit --quiet --config "$w/rm/release-mirror.toml"
    bench audit "$size" git "$RUNS" 1 "" \
      "$BIN audit --quiet --config $w/rm/release-mirror.toml" "" \
      "$HERE/reference-audit.sh $w/rm/.git $ledger"
  else
    echo "audit $size" >>"$RESULTS/missing.tsv"
  fi
  if has_command surface; then
    # ledger update with the Interface column (the exported names of publish.entry at every mirror
    # tag) into a fresh ledger, against the same update with publish.entry = "" (no column): the
    # figure, and what reading the surfaces costs on top of the rest of the table.
    if grep -q '^\[publish\]' "$w/rm/release-mirror.toml"; then
      sed 's/^\[publish\]$/[publish]\nentry = ""/' "$w/rm/release-mirror.toml" >"$w/rm/no-entry.toml"
    else
      { cat "$w/rm/release-mirror.toml"; printf '\n[publish]\nentry = ""\n'; } >"$w/rm/no-entry.toml"
    fi
    expect_status 0 "ledger-$size" "$BIN" ledger update --quiet --ledger "$w/ledger-bench.md" --config "$w/rm/release-mirror.toml"
    bench ledger "$size" git "$RUNS" 1 "rm -f $w/ledger-bench.md" \
      "$BIN ledger update --quiet --ledger $w/ledger-bench.md --config $w/rm/release-mirror.toml" \
      "rm -f $w/ledger-bench-off.md" \
      "$BIN ledger update --quiet --ledger $w/ledger-bench-off.md --config $w/rm/no-entry.toml"
  else
    echo "ledger $size" >>"$RESULTS/missing.tsv"
  fi
  if has_command publish-tag; then
    newest=$(git --git-dir="$w/rm/.git" for-each-ref --sort=-creatordate --count=1 --format='%(refname:lstrip=2)' 'refs/tags/@moonshot-ai/kimi-code@*')
    [ -n "$newest" ] || newest=$(git --git-dir="$w/rm/.git" tag -l '@moonshot-ai/kimi-code@*' | sort -V | tail -1)
    sdk=$(git --git-dir="$w/rm/.git" show "$newest:packages/node-sdk/package.json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["version"])')
    expect_status 0 "publish-$size" "$BIN" publish-tag "$sdk" --from "$newest" --dry-run --allow-unverified --quiet --config "$w/rm/release-mirror.toml"
    bench publish "$size" git "$RUNS" 1 "" \
      "$BIN publish-tag $sdk --from '$newest' --dry-run --allow-unverified --quiet --config $w/rm/release-mirror.toml" "" \
      "$HERE/reference-publish.sh $w/rm/.git '$newest' $sdk $ledger $ou"
  else
    echo "publish $size" >>"$RESULTS/missing.tsv"
  fi
done

# ---------------------------------------------------------------------------------------------
# The same over file:// and a plain path (libgit2's in-process local transport), small upstream,
# 3 runs each (the local transport is slow: this section is for the record, not for the targets);
# a plain path takes the same libgit2 code path as file://, so only its initial sync is timed.
# ---------------------------------------------------------------------------------------------
LOCAL_RUNS=3
for transport in file path; do
  say "small over $transport: setting up"
  up="$SRV/upstreams/small"
  od="$SRV/origins/small-$transport.git"
  if [ "$transport" = file ]; then pre="file://$up/pre.git" post="file://$up/post.git" ou="file://$od"
  else pre="$up/pre.git" post="$up/post.git" ou="$od"; fi
  if [ "$transport" = file ]; then make_states small "$pre" "$post" "$transport" "$ou" "$od"
  else make_states small "$pre" "$post" "$transport" "$ou" "$od" initial-only; fi
  w="$WORK/small-$transport"
  say "small over $transport: timing"
  bench initial small "$transport" "$LOCAL_RUNS" "$([ "$transport" = file ] && echo 0 || echo 1)" \
    "rm -rf $w/rm $od && cp -a $w/empty $w/rm && git init -q --bare $od" \
    "$BIN sync --quiet --config $w/rm/release-mirror.toml" \
    "rm -rf $w/ref $od.ref && git init -q --bare $od.ref" \
    "$HERE/reference-sync.sh $w/ref $post $ou.ref"
  [ "$transport" = file ] || continue
  bench incremental small "$transport" "$LOCAL_RUNS" 0 \
    "rm -rf $w/rm $od && cp -a $w/rm-pre $w/rm && cp -a $w/rm-origin-pre $od" \
    "$BIN sync --quiet --config $w/rm/release-mirror.toml" \
    "rm -rf $w/ref $od.ref && cp -a $w/ref-pre $w/ref && cp -a $w/ref-origin-pre $od.ref" \
    "$HERE/reference-sync.sh $w/ref $post $ou.ref"
  rm -rf "$w/rm" "$od" "$w/ref" "$od.ref"
  cp -a "$w/rm-post" "$w/rm"; cp -a "$w/rm-origin-post" "$od"
  cp -a "$w/ref-post" "$w/ref"; cp -a "$w/ref-origin-post" "$od.ref"
  bench noop small "$transport" "$LOCAL_RUNS" 1 "" \
    "$BIN sync --quiet --config $w/rm/release-mirror.toml" "" \
    "$HERE/reference-sync.sh $w/ref $post $ou.ref"
done

# ---------------------------------------------------------------------------------------------
# KimiRuntime's share of a turn against the fake OpenAI-compatible model server, over wire and ACP
# (target: under 5 ms over the peer's own time, median). Its lines go to the log and to
# kimi-runtime.txt beside the report; a miss is recorded, not fatal to the sync figures.
# ---------------------------------------------------------------------------------------------
say "KimiRuntime per-turn overhead: wire and ACP"
if ! "$HERE/kimi-runtime.sh" 30 >"$OUT/kimi-runtime.txt" 2>"$OUT/kimi-runtime.log"; then
  echo "kimi-runtime" >>"$RESULTS/missing.tsv"
fi
cat "$OUT/kimi-runtime.txt"

# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------
ELAPSED=$(( $(date +%s) - STARTED ))
python3 "$HERE/report.py" "$RESULTS" "$OUT" --elapsed "$ELAPSED" --runs "$RUNS" \
  --machine "$(nproc) cores, $(free -g | awk '/^Mem:/{print $2}') GiB, $(uname -m)" \
  --versions "libgit2 $(pkg-config --modversion libgit2 2>/dev/null || echo '?'), $(git --version), $(hyperfine --version)"
