#!/bin/sh
# Goal: the libFuzzer build (cmake --preset fuzz) runs: a few seconds of
# migsim_libfuzzer (structure-aware mutator, protocol extra counters) on the
# seed corpus executes inputs and grows the corpus without a crash on the
# reference models; with a planted bug (MIGSIM_FUZZ_MODEL) it reports the
# violation as a crash with the ==MIGSIM== line and the mutation sequence,
# and writes a crash file; a
# bad environment value stops it at start-up with exit 2.
# Method: run the binary; skip (exit 77) when build-fuzz is absent.
# Usage: libfuzzer_smoke_test.sh BUILD_FUZZ_DIR
set -u
dir=$1
bin=$dir/bin/migsim_libfuzzer
if [ ! -x "$bin" ] || [ ! -d "$dir/fuzz_seeds" ]; then
  echo "SKIP: $bin not built (cmake --preset fuzz && cmake --build --preset fuzz)"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# 1. The reference models on the seeds: no crash, inputs run, corpus grows.
mkdir "$work/corpus"
ASAN_OPTIONS=detect_leaks=0 "$bin" -max_total_time=5 -max_len=65536 -seed=1 \
  -print_final_stats=1 "$work/corpus" "$dir/fuzz_seeds" > "$work/clean.log" 2>&1
status=$?
[ $status -eq 0 ] || { tail -40 "$work/clean.log"; fail "clean run exited $status"; }
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/clean.log")
[ "${execs:-0}" -gt 50 ] || fail "only ${execs:-0} inputs executed"
kept=$(ls "$work/corpus" | wc -l)
[ "$kept" -gt 0 ] || fail "no input kept in the corpus"
echo "clean run: $execs executions, $kept corpus inputs"

# 2. A planted bug is found: a crash, the crash line, a crash file.
mkdir "$work/corpus2"
MIGSIM_FUZZ_MODEL=planted_v2_dma_in_stop ASAN_OPTIONS=detect_leaks=0 "$bin" \
  -max_total_time=60 -max_len=65536 -seed=1 -artifact_prefix="$work/" \
  "$work/corpus2" "$dir/fuzz_seeds" > "$work/planted.log" 2>&1
status=$?
[ $status -ne 0 ] || fail "the planted bug was not found in 60 s"
grep -q '^==MIGSIM== VIOLATION rule=V2-STOP-NO-DMA action=[0-9]* kind=[a-z0-9_]* device=[0-9]* model=planted_v2_dma_in_stop$' \
  "$work/planted.log" || { tail -20 "$work/planted.log"; fail "no crash line"; }
grep -q '^==MIGSIM== MUTATIONS [A-Za-z-]*$' "$work/planted.log" ||
  fail "no mutation sequence after the violation"
ls "$work"/crash-* > /dev/null 2>&1 || fail "no crash file written"
echo "planted bug found: $(grep '^==MIGSIM==' "$work/planted.log" | head -1)"

# 3. A bad environment value: a message naming it, exit 2.
MIGSIM_FUZZ_FAIL_ON=bogus "$bin" -runs=1 "$work/corpus" > "$work/bad.log" 2>&1
status=$?
[ $status -eq 2 ] || fail "bad MIGSIM_FUZZ_FAIL_ON exited $status, not 2"
grep -q "MIGSIM_FUZZ_FAIL_ON: 'bogus'" "$work/bad.log" || fail "no message naming the variable"
echo "PASS"
