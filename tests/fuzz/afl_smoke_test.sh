#!/bin/sh
# Goal: the AFL++ build (cmake --preset afl) runs: a few seconds of afl-fuzz
# with our custom mutator library on migsim_afl (persistent mode, shared
# memory test cases) executes inputs, names new queue entries after the
# operators that made them, and finds a planted bug as a crash.
# Method: run afl-fuzz; skip (exit 77) with a message when afl-fuzz, the
# afl build or the mutator library is absent.
# Usage: afl_smoke_test.sh BUILD_AFL_DIR LIBMIGSIM_AFL_MUTATOR_SO
set -u
dir=$1
so=$2
if ! command -v afl-fuzz > /dev/null 2>&1; then
  echo "SKIP: afl-fuzz not installed (apt-get install afl++)"
  exit 77
fi
if [ ! -x "$dir/bin/migsim_afl" ] || [ ! -d "$dir/fuzz_seeds" ]; then
  echo "SKIP: $dir/bin/migsim_afl not built (cmake --preset afl && cmake --build --preset afl)"
  exit 77
fi
if [ ! -f "$so" ]; then
  echo "SKIP: $so not built (cmake --build --preset default)"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
export AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
  AFL_NO_AFFINITY=1 AFL_CUSTOM_MUTATOR_LIBRARY="$so" AFL_CUSTOM_MUTATOR_ONLY=1 \
  AFL_NO_STARTUP_CALIBRATION=1

# 1. Reference models: inputs run, queue entries say which operators made them.
afl-fuzz -i "$dir/fuzz_seeds" -o "$work/out" -V 5 -s 1 -- "$dir/bin/migsim_afl" \
  > "$work/clean.log" 2>&1
status=$?
[ $status -eq 0 ] || { tail -30 "$work/clean.log"; fail "afl-fuzz exited $status"; }
stats=$work/out/default/fuzzer_stats
[ -f "$stats" ] || fail "no fuzzer_stats"
execs=$(sed -n 's/^execs_done *: *//p' "$stats")
[ "${execs:-0}" -gt 50 ] || fail "only ${execs:-0} executions"
crashes=$(sed -n 's/^saved_crashes *: *//p' "$stats")
[ "${crashes:-0}" -eq 0 ] || fail "$crashes crashes on the reference models"
ls "$work/out/default/queue" | grep -q ',migsim:' || fail "no queue entry from our mutator"
echo "clean run: $execs executions, $(ls "$work/out/default/queue" | wc -l) queue entries"

# 2. A planted bug: afl-fuzz saves a crash.
MIGSIM_FUZZ_MODEL=planted_v2_dma_in_stop AFL_BENCH_UNTIL_CRASH=1 \
  afl-fuzz -i "$dir/fuzz_seeds" -o "$work/out2" -V 60 -s 1 -- "$dir/bin/migsim_afl" \
  > "$work/planted.log" 2>&1
crashes=$(ls "$work/out2/default/crashes" 2>/dev/null | grep -c '^id:')
[ "$crashes" -gt 0 ] || { tail -30 "$work/planted.log"; fail "the planted bug was not found"; }
echo "planted bug found: $crashes crash files"
echo "PASS"
