#!/bin/bash -eu
# File: scripts/fuzz_bench.sh
#
# The fuzz harness's cost, in one run (bench/fuzz_exec_benchmark.cc): exec/s
# of the harness and of the parse-only harness over the same inputs (the
# seed corpus plus mutants of it), their ratio, and the resident set size
# after the harness's executions (10^6 by default). Builds what it needs in
# build/ (the default preset). When build-fuzz/ exists it also reports what
# libFuzzer itself measures for migsim_libfuzzer_bytes and
# migsim_libfuzzer_parse_only (ASan build, byte-level mutation from the
# same seeds; inputs differ once libFuzzer mutates, so this ratio is only
# indicative).
#
# Usage: scripts/fuzz_bench.sh [EXECS] [LIBFUZZER_SECONDS]
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
execs=${1:-1000000}
seconds=${2:-20}
cd "$root"
cmake --build --preset default --target fuzz_exec_benchmark migsim_fuzz_seeds > /dev/null
echo "== bench/fuzz_exec_benchmark --execs=$execs (default preset: g++ RelWithDebInfo) =="
build/bin/fuzz_exec_benchmark --execs="$execs" build/fuzz_seeds

if [ -x build-fuzz/bin/migsim_libfuzzer_bytes ] && [ -x build-fuzz/bin/migsim_libfuzzer_parse_only ]; then
  echo "== libFuzzer's own exec/s, ${seconds} s each (fuzz preset: clang-19, ASan+UBSan) =="
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  for target in migsim_libfuzzer_parse_only migsim_libfuzzer_bytes migsim_libfuzzer; do
    mkdir -p "$work/$target"
    ASAN_OPTIONS=detect_leaks=0 "build-fuzz/bin/$target" -max_total_time="$seconds" -seed=1 \
      -max_len=65536 -print_final_stats=1 "$work/$target" build-fuzz/fuzz_seeds \
      > "$work/$target.log" 2>&1 || true
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/$target.log")
    rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$work/$target.log")
    echo "$target: ${rate:-?} exec/s, peak RSS ${rss:-?} MB"
  done
fi
