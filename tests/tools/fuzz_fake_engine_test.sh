#!/usr/bin/env bash
# Goal: `migsim fuzz` drives an engine as its contract says, whatever the
# engine finds: the harness's environment and libFuzzer's fork-mode flags
# reach it; crash files are re-judged, deduplicated by signature (hits
# counted), minimized into DIR/<signature>/, and clean or invalid ones
# counted apart; Ctrl-C stops the engine's whole process group and still
# writes the summary and table; a rerun resumes without judging again;
# --known signatures are not new (no minimization, no failure, JUnit
# without a failure) and --only_rule reaches the engine; exit 0 / 1 / 2 as
# documented; bad flags get one line naming the flag.
# Method: a stand-in migsim_libfuzzer (a shell script) that records its
# arguments and environment, drops prepared crash files (binary FuzzInputs
# made by migsim_seeds) and a status line, then exits or waits to be
# stopped. Runs without the libFuzzer build.
# Usage: fuzz_fake_engine_test.sh MIGSIM MIGSIM_SEEDS REPO
set -uo pipefail
migsim="$1"; seeds_tool="$2"; repo="$3"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
topology="$repo/tests/tools/planted_stop_topology.textproto"
sig="V2-STOP-NO-DMA.planted_v2_dma_in_stop.device_dma"

# Crash files: two inputs with the same violation, a clean one, garbage.
mkdir -p "$tmp/src" "$tmp/pb" "$tmp/crashes" "$tmp/engine"
head='format_version: 1 topology { hosts { guest_pages: 16 vcpus: 1 identity_map: true } devices { kind: V2_DEVICE } }'
echo "$head actions { v2_set_state { device: 0 state: 1 } } actions { device_dma { device: 0 iova: 0x1000 length: 64 } }" > "$tmp/src/a.textproto"
echo "$head actions { v2_get_state { device: 0 } } actions { v2_set_state { device: 0 state: 1 } } actions { advance_time { ns: 7 } } actions { device_dma { device: 0 length: 8 write: true } }" > "$tmp/src/b.textproto"
echo "$head actions { v2_get_state { device: 0 } }" > "$tmp/src/c.textproto"
"$seeds_tool" "$tmp/src" "$tmp/pb" > /dev/null || fail "migsim_seeds failed"
cp "$tmp/pb/a.pb" "$tmp/crashes/crash-aaaa"
cp "$tmp/pb/b.pb" "$tmp/crashes/crash-bbbb"
cp "$tmp/pb/c.pb" "$tmp/crashes/timeout-cccc"
printf '\x0a\xff\xff\xff\xff' > "$tmp/crashes/crash-dddd"

cat > "$tmp/engine/migsim_libfuzzer" <<FAKE
#!/bin/sh
prefix=; corpus=
for a in "\$@"; do
  case "\$a" in
    -artifact_prefix=*) prefix=\${a#-artifact_prefix=} ;;
    -*) ;;
    *) [ -z "\$corpus" ] && corpus=\$a ;;
  esac
done
echo "args: \$*"
echo "env: model=\$MIGSIM_FUZZ_MODEL fail_on=\$MIGSIM_FUZZ_FAIL_ON topology=\$MIGSIM_FUZZ_TOPOLOGY asan=\$ASAN_OPTIONS only_rule=\${MIGSIM_FUZZ_ONLY_RULE:-}"
echo \$\$ > "$tmp/engine.pid"
[ "\${FAKE_CRASHES:-1}" = 1 ] && cp "$tmp"/crashes/* "\$prefix"
cp "$tmp/pb/c.pb" "\$corpus/"
echo "#1000: cov: 10 ft: 20 corp: 1 exec/s: 500 oom/timeout/crash: 0/0/3 time: 1s job: 1 dft_time: 0"
if [ "\${FAKE_HANG:-0}" = 1 ]; then sleep 60 & wait; fi
exit 0
FAKE
chmod +x "$tmp/engine/migsim_libfuzzer"
fuzz() { "$migsim" fuzz --engine_dir="$tmp/engine" --topology="$topology" \
  --model=planted_v2_dma_in_stop --seeds=none "$@"; }

# 1. One campaign: flags and environment reach the engine; crash files sorted.
fuzz --jobs=2 --time=5 --out="$tmp/out" > "$tmp/stdout" 2> "$tmp/stderr"; rc=$?
[[ $rc -eq 1 ]] || fail "exited $rc, not 1: $(cat "$tmp/stderr")"
log="$tmp/out/engine.log"
grep -q -- "^args: -fork=2 -ignore_crashes=1 .*-artifact_prefix=$tmp/out/crashes/ -max_total_time=5 $tmp/out/corpus $tmp/out/seeds$" \
  "$log" || fail "engine arguments: $(cat "$log")"
grep -q "^env: model=planted_v2_dma_in_stop fail_on=device topology=/.*planted_stop_topology.textproto asan=.*detect_leaks=0" \
  "$log" || fail "engine environment: $(cat "$log")"
summary="$tmp/out/summary.textproto"
grep -q '^crash_files: 4$' "$summary" || fail "crash files: $(cat "$summary")"
grep -q '^unreproduced: 1$' "$summary" || fail "unreproduced: $(cat "$summary")"
grep -q '^invalid: 1$' "$summary" || fail "invalid: $(cat "$summary")"
grep -q '^  hits: 2$' "$summary" || fail "hits: $(cat "$summary")"
grep -q '^  source: "crashes/crash-aaaa"$' "$summary" || fail "source: $(cat "$summary")"
grep -q "^NEW $sig: 2 -> 2 actions" "$tmp/stderr" || fail "NEW line: $(cat "$tmp/stderr")"
grep -q "timeout-cccc: re-judged clean, not a violation" "$tmp/stderr" || fail "$(cat "$tmp/stderr")"
grep -q "crash-dddd: not a valid scenario" "$tmp/stderr" || fail "$(cat "$tmp/stderr")"
grep -q "^$sig .* $tmp/out/$sig/repro.textproto$" "$tmp/stdout" || fail "table: $(cat "$tmp/stdout")"
"$migsim" replay "$tmp/out" > "$tmp/replay" 2>&1 || fail "replay: $(cat "$tmp/replay")"

# 2. Resume: nothing judged twice, sessions counted.
fuzz --time=5 --out="$tmp/out" > "$tmp/stdout" 2> "$tmp/stderr"; rc=$?
[[ $rc -eq 1 ]] || fail "resume exited $rc: $(cat "$tmp/stderr")"
grep -q '^sessions: 2$' "$summary" && grep -q '^crash_files: 4$' "$summary" \
  || fail "resume: $(cat "$summary")"
grep -q '^NEW' "$tmp/stderr" && fail "resume minimized again"

# 3. Ctrl-C: the engine's group is stopped, the summary and table written.
# (migsim itself in the background, not the fuzz function: $! must be its pid.)
FAKE_HANG=1 "$migsim" fuzz --engine_dir="$tmp/engine" --topology="$topology" \
  --model=planted_v2_dma_in_stop --seeds=none --out="$tmp/out3" > "$tmp/stdout" 2> "$tmp/stderr" &
pid=$!
for _ in $(seq 100); do [[ -f "$tmp/out3/$sig/repro.textproto" ]] && break; sleep 0.2; done
[[ -f "$tmp/out3/$sig/repro.textproto" ]] || fail "no reproducer while running: $(cat "$tmp/stderr")"
kill -INT "$pid"; wait "$pid"; rc=$?
[[ $rc -eq 1 ]] || fail "interrupted campaign exited $rc: $(cat "$tmp/stderr")"
grep -q '^stopping:' "$tmp/stderr" || fail "no stopping message"
grep -q "^$sig " "$tmp/stdout" || fail "no table after Ctrl-C: $(cat "$tmp/stdout")"
engine_pid=$(cat "$tmp/engine.pid")
kill -0 "$engine_pid" 2> /dev/null && fail "the engine $engine_pid outlived the campaign"

# 4. Nothing found: exit 0.
FAKE_CRASHES=0 fuzz --out="$tmp/out4" > "$tmp/stdout" 2> "$tmp/stderr"; rc=$?
[[ $rc -eq 0 ]] && grep -q '^no violation found$' "$tmp/stdout" || fail "clean: $rc $(cat "$tmp/stdout")"

# 5. --known: a finding whose signature a known reproducer names is listed as
# known, points at that reproducer, is not minimized and does not fail the
# campaign; --junit has no failure then. --only_rule reaches the engine.
fuzz --time=5 --known="$tmp/out" --only_rule=V2-STOP-NO-DMA --junit="$tmp/known.xml" \
  --out="$tmp/out5" > "$tmp/stdout" 2> "$tmp/stderr"; rc=$?
[[ $rc -eq 0 ]] || fail "a campaign with only known findings exited $rc: $(cat "$tmp/stderr")"
grep -q "^KNOWN $sig: $tmp/out/$sig/repro.textproto$" "$tmp/stderr" || fail "$(cat "$tmp/stderr")"
grep -q '^NEW' "$tmp/stderr" && fail "a known signature was minimized"
grep -q "^$sig .* known: $tmp/out/$sig/repro.textproto$" "$tmp/stdout" || fail "$(cat "$tmp/stdout")"
grep -q '^  known: true$' "$tmp/out5/summary.textproto" || fail "$(cat "$tmp/out5/summary.textproto")"
grep -q "only_rule=V2-STOP-NO-DMA$" "$tmp/out5/engine.log" || fail "$(cat "$tmp/out5/engine.log")"
grep -q " name=\"$sig\"" "$tmp/known.xml" && ! grep -q '<failure' "$tmp/known.xml" \
  || fail "junit of known findings: $(cat "$tmp/known.xml")"
# The same campaign without --known: a new signature, a failure in JUnit.
fuzz --time=5 --junit="$tmp/new.xml" --out="$tmp/out6" > "$tmp/stdout" 2> "$tmp/stderr"; rc=$?
[[ $rc -eq 1 ]] || fail "a campaign with a new finding exited $rc"
grep -q "<failure type=\"V2-STOP-NO-DMA\"" "$tmp/new.xml" || fail "junit: $(cat "$tmp/new.xml")"

# 6. Usage errors: exit 2, one line naming the flag.
usage() {
  local want="$1"; shift
  "$migsim" fuzz "$@" > /dev/null 2> "$tmp/err"; local rc=$?
  [[ $rc -eq 2 ]] || fail "'$*' exited $rc: $(cat "$tmp/err")"
  grep -qF -- "$want" "$tmp/err" || fail "'$*' said: $(cat "$tmp/err")"
}
usage "--engine: 'honggfuzz'" --engine=honggfuzz
usage "--jobs: 0" --jobs=0
usage "--time: -1" --time=-1
usage "takes no file arguments" "$topology"
usage "--engine_dir: $tmp/none/migsim_libfuzzer not found" --engine_dir="$tmp/none" --out="$tmp/o5"
usage "--model: 'nope'" --model=nope --out="$tmp/o5"
usage "--topology: " --topology="$tmp/missing.textproto" --out="$tmp/o5"
usage "--fail_on: 'all'" --fail_on=all
usage "--only_rule: 'V2-NOPE'" --only_rule=V2-NOPE --out="$tmp/o5"
usage "--known: $tmp/missing: no such file" --known="$tmp/missing" --out="$tmp/o5"
usage "holds a campaign with --fail_on=device" --engine_dir="$tmp/engine" --topology="$topology" \
  --model=planted_v2_dma_in_stop --fail_on=any --out="$tmp/out"
echo "PASS"
