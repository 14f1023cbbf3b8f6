#!/usr/bin/env bash
# Goal: `migsim` keeps its exit-status contract and names the file and field
# of bad input on one line. Method: run it on good and bad files.
set -uo pipefail
migsim="$1"; corpus="$2"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

good=$(find "$corpus/engine" -name '*.textproto' | sort | head -1)
"$migsim" run --trace=none "$good" > "$tmp/out" 2>&1; rc=$?
[[ $rc -eq 0 ]] || fail "clean scenario exited $rc: $(cat "$tmp/out")"
grep -q '^trace_hash=0x' "$tmp/out" || fail "no trace hash printed"
grep -q '^SEED=' "$tmp/out" || fail "no SEED= header"

printf 'format_version: 1\ntopology { hosts { guest_pages: 0 } }\n' > "$tmp/bad.textproto"
"$migsim" run "$tmp/bad.textproto" > "$tmp/out" 2> "$tmp/err"; rc=$?
[[ $rc -eq 2 ]] || fail "bad field exited $rc"
grep -q "bad.textproto: topology.hosts\[0\].guest_pages: must be at least 1" "$tmp/err" \
  || fail "error does not name file and field: $(cat "$tmp/err")"

printf 'format_version: 1\nnonsense {\n' > "$tmp/syntax.textproto"
"$migsim" run "$tmp/syntax.textproto" > /dev/null 2> "$tmp/err"; rc=$?
[[ $rc -eq 2 ]] || fail "syntax error exited $rc"
grep -q "syntax.textproto:2:" "$tmp/err" || fail "no line number: $(cat "$tmp/err")"

"$migsim" run "$tmp/missing.textproto" > /dev/null 2>&1; rc=$?
[[ $rc -eq 2 ]] || fail "missing file exited $rc"
"$migsim" run --trace=bogus "$good" > /dev/null 2>&1; rc=$?
[[ $rc -eq 2 ]] || fail "bad flag value exited $rc"
"$migsim" frobnicate > /dev/null 2>&1; rc=$?
[[ $rc -eq 2 ]] || fail "unknown command exited $rc"
"$migsim" --help > "$tmp/help" 2>&1
grep -q -- '--trace' "$tmp/help" || fail "--help does not document --trace"

printf 'format_version: 1\nbounds { events_max: 5 }\ntopology { hosts { guest_pages: 4 identity_map: true }\n devices { kind: DMA_ENGINE host: 0 dma_engine { period_ns: 100 span: 8192 } } }\nactions { advance_time { ns: 100000 } }\n' > "$tmp/live.textproto"
"$migsim" run "$tmp/live.textproto" > "$tmp/out" 2>&1; rc=$?
[[ $rc -eq 3 ]] || fail "liveness exited $rc: $(cat "$tmp/out")"
grep -q 'LIVENESS pending: event bound' "$tmp/out" || fail "no pending reason"
out=$("$migsim" fsm --flags=STOP_COPY,P2P,PRE_COPY --from=RUNNING --to=STOP_COPY); rc=$?
[[ $rc -eq 0 && "$out" == "RUNNING -> RUNNING_P2P -> STOP -> STOP_COPY" ]] || fail "fsm path: $rc $out"
[[ $("$migsim" fsm --flags=STOP_COPY --table | wc -l) -eq 64 ]] || fail "fsm --table is not 64 lines"
"$migsim" fsm --flags=STOP_COPY,FAST --table > /dev/null 2> "$tmp/err"; rc=$?
[[ $rc -eq 2 ]] && grep -q "'FAST'" "$tmp/err" || fail "bad fsm flag exited $rc: $(cat "$tmp/err")"
"$migsim" fsm --flags=STOP_COPY --from=PAUSED --to=STOP > /dev/null 2>&1; rc=$?
[[ $rc -eq 2 ]] || fail "bad fsm state exited $rc"
echo "PASS"
