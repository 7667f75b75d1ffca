#!/usr/bin/env bash
# `make stress`: the slow reliability runs, too long for `make test`.
#   1. the crash harness: SIGKILL `sync` at 64 points (at least 50 must land inside a run) of a first sync and an incremental sync of a
#      20,000-commit upstream (120k objects), re-run, check (see crash-harness.py);
#   2. the parser fuzzer: a seeded random-mutation loop over the config, ledger and manifest
#      parsers, seeded with the bad-input corpus (RELIABILITY_FUZZ_ITERATIONS inputs), and generated
#      configs with long dotted keys, table headers and strings (RELIABILITY_FUZZ_ITERATIONS / 200).
# STRESS_TRIALS, STRESS_COMMITS, STRESS_SMOKE=1 (also smoke new releases in the incremental sync)
# and RELIABILITY_FUZZ_ITERATIONS change the sizes. Exits non-zero when anything failed.
set -uo pipefail
cd "$(dirname "$0")/../.."
BIN=.build/debug
status=0
out=.build/stress
mkdir -p "$out"

echo "== crash harness"
smoke=()
[ "${STRESS_SMOKE:-0}" = "1" ] && smoke=(--smoke)
python3 Tests/Stress/crash-harness.py --binary "$PWD/$BIN/release-mirror" --probe "$PWD/$BIN/git-probe" \
  --trials "${STRESS_TRIALS:-64}" --min-kills "${STRESS_MIN_KILLS:-50}" --min-landed 0 \
  --commits "${STRESS_COMMITS:-20000}" --releases 150 --files 300 \
  --json "$out/crash.json" "${smoke[@]}" | tee "$out/crash.log" | grep -vE "^trial-[0-9]+ .*: ok$"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

echo "== parser fuzzing"
RELIABILITY_FUZZ_ITERATIONS="${RELIABILITY_FUZZ_ITERATIONS:-1000000}" \
  swift test --skip-build --filter 'ReliabilityTests.ParserFuzzTests' 2>&1 | tee "$out/fuzz.log" | grep -E "fuzz|passed|failed|error"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

echo "== stress: $([ $status -eq 0 ] && echo passed || echo FAILED) (logs in $out/)"
exit $status
