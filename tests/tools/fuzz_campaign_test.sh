#!/usr/bin/env bash
# Goal: `migsim fuzz` with either engine finds a planted bug, writes a
# minimized reproducer with its trace and timeline and a summary, and
# `migsim replay` confirms the reproducer (and finds it clean on the
# reference models); a rerun on the same directory resumes.
# Method: a campaign of at most 60 s (it stops at the first violation,
# usually within seconds) on tests/tools/planted_stop_topology.textproto with
# the harness's planted model planted_v2_dma_in_stop. Skipped (exit 77) when
# the engine's build (or afl-fuzz) is absent.
# Usage: fuzz_campaign_test.sh MIGSIM REPO ENGINE [ENGINE_DIR]
#   ENGINE is libfuzzer or afl; ENGINE_DIR defaults to REPO/build-fuzz/bin
#   (cmake --preset fuzz) or REPO/build-afl/bin (cmake --preset afl). The
#   AFL++ mutator library is the one next to MIGSIM (build/lib).
set -uo pipefail
migsim="$1"; repo="$2"; engine="$3"
case "$engine" in
  libfuzzer) engine_dir="${4:-$repo/build-fuzz/bin}"; target=migsim_libfuzzer; preset=fuzz ;;
  afl) engine_dir="${4:-$repo/build-afl/bin}"; target=migsim_afl; preset=afl ;;
  *) echo "usage: $0 MIGSIM REPO libfuzzer|afl [ENGINE_DIR]"; exit 2 ;;
esac
if [[ ! -x "$engine_dir/$target" ]]; then
  echo "SKIP: $engine_dir/$target not built (cmake --preset $preset && cmake --build --preset $preset)"
  exit 77
fi
if [[ $engine == afl ]] && ! command -v afl-fuzz > /dev/null; then
  echo "SKIP: afl-fuzz not installed (apt-get install afl++)"
  exit 77
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
topology="$repo/tests/tools/planted_stop_topology.textproto"
sig="V2-STOP-NO-DMA.planted_v2_dma_in_stop.device_dma"

"$migsim" fuzz --engine="$engine" --engine_dir="$engine_dir" --topology="$topology" \
  --model=planted_v2_dma_in_stop --seeds=none --time=60 --max_violations=1 \
  --out="$tmp/out" > "$tmp/stdout" 2> "$tmp/stderr"; rc=$?
[[ $rc -eq 1 ]] || fail "fuzz exited $rc, not 1: $(tail -5 "$tmp/stderr") $(cat "$tmp/stdout")"
grep -q "^NEW $sig: " "$tmp/stderr" || fail "no NEW line: $(cat "$tmp/stderr")"
grep -q '^fuzz [0-9:]* execs [0-9]* ([0-9]*/s) corpus [0-9]* protocol [0-9]* slots violations' \
  "$tmp/stderr" || fail "no progress line: $(cat "$tmp/stderr")"
grep -q "^$sig  *V2-STOP-NO-DMA  *004_ca0a322ccd212e3d.txt  *[0-9.]*s  *[0-9]*  *[0-9]*  *$tmp/out/$sig/repro.textproto$" \
  "$tmp/stdout" || fail "no table row: $(cat "$tmp/stdout")"
for f in repro.textproto trace.txt timeline.json; do
  [[ -s "$tmp/out/$sig/$f" ]] || fail "$f missing"
done
grep -q "^# signature: $sig$" "$tmp/out/$sig/repro.textproto" || fail "no signature header"
grep -q '^# minimized: [0-9]* -> [0-9]* actions in [0-9]* judge runs, confirmed$' \
  "$tmp/out/$sig/repro.textproto" || fail "not minimized: $(head -8 "$tmp/out/$sig/repro.textproto")"
grep -q "^VIOLATION V2-STOP-NO-DMA" "$tmp/out/$sig/trace.txt" || fail "trace.txt has no violation"
grep -q "^findings {" "$tmp/out/summary.textproto" || fail "summary has no finding"

"$migsim" replay "$tmp/out" > "$tmp/replay" 2>&1; rc=$?
[[ $rc -eq 0 ]] && grep -q "^REPRODUCED $tmp/out/$sig/repro.textproto: $sig$" "$tmp/replay" \
  || fail "replay: $rc $(cat "$tmp/replay")"
"$migsim" replay --reference "$tmp/out" > "$tmp/replay" 2>&1; rc=$?
[[ $rc -eq 0 ]] && grep -q "^CLEAN " "$tmp/replay" || fail "replay --reference: $rc $(cat "$tmp/replay")"

# Resume: the known signature is kept, not minimized again.
"$migsim" fuzz --engine="$engine" --engine_dir="$engine_dir" --topology="$topology" \
  --model=planted_v2_dma_in_stop --seeds=none --runs=200 --out="$tmp/out" \
  > "$tmp/stdout" 2> "$tmp/stderr"; rc=$?
[[ $rc -eq 1 ]] || fail "resumed fuzz exited $rc: $(tail -5 "$tmp/stderr")"
grep -q "resumed: 1 known signatures" "$tmp/stderr" || fail "not resumed: $(head -2 "$tmp/stderr")"
grep -q "^NEW $sig" "$tmp/stderr" && fail "the known signature was minimized again"
grep -q '^sessions: 2$' "$tmp/out/summary.textproto" || fail "sessions not counted"
echo "PASS"
