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

# minimize and replay: a user-error scenario shrinks, its reproducer replays,
# --reference expects clean, and every usage error exits 2 with one line.
user="$corpus/v1/v1_user_protocol_errors.textproto"
"$migsim" minimize --fail_on=user --out="$tmp/u.textproto" "$user" > "$tmp/out" 2>&1; rc=$?
[[ $rc -eq 0 ]] || fail "minimize exited $rc: $(cat "$tmp/out")"
grep -q '^  actions: 19 -> 1 ' "$tmp/out" || fail "no before/after counts: $(cat "$tmp/out")"
grep -q '^# signature: USER-V1-FIELD-WIDTH.v1_reference.v1_read$' "$tmp/u.textproto" \
  || fail "no signature header: $(head -3 "$tmp/u.textproto")"
"$migsim" run --fail_on_user_errors "$tmp/u.textproto" > /dev/null 2>&1; rc=$?
[[ $rc -eq 1 ]] || fail "a reproducer is not a runnable scenario: run exited $rc"
"$migsim" replay --junit="$tmp/replay.xml" "$tmp/u.textproto" "$corpus/v2" > "$tmp/out" 2>&1; rc=$?
[[ $rc -eq 0 ]] || fail "replay exited $rc: $(cat "$tmp/out")"
grep -q "^REPRODUCED $tmp/u.textproto: USER-V1-FIELD-WIDTH" "$tmp/out" || fail "$(cat "$tmp/out")"
grep -q '^CLEAN .*stop_copy_save_resume.textproto: clean$' "$tmp/out" || fail "$(cat "$tmp/out")"
"$migsim" replay --reference "$tmp/u.textproto" > "$tmp/out" 2>&1; rc=$?
[[ $rc -eq 1 ]] && grep -q '^CHANGED ' "$tmp/out" || fail "--reference: $rc $(cat "$tmp/out")"
sed 's/^# signature: .*/# signature: OTHER.v1_reference.v1_read/' "$tmp/u.textproto" > "$tmp/o.textproto"
"$migsim" replay "$tmp/o.textproto" > "$tmp/out" 2>&1; rc=$?
[[ $rc -eq 1 ]] && grep -q '^CHANGED ' "$tmp/out" || fail "changed signature: $rc $(cat "$tmp/out")"
"$migsim" replay "$tmp/syntax.textproto" "$tmp/u.textproto" > "$tmp/out" 2>&1; rc=$?
[[ $rc -eq 2 ]] && grep -q "^BAD-INPUT $tmp/syntax.textproto:2:" "$tmp/out" \
  || fail "bad replay input: $rc $(cat "$tmp/out")"
"$migsim" run --junit="$tmp/run.xml" "$good" "$tmp/bad.textproto" > /dev/null 2>&1; rc=$?
[[ $rc -eq 2 ]] || fail "run --junit with a bad file exited $rc"
for xml in "$tmp/replay.xml" "$tmp/run.xml"; do
  grep -q '^<?xml version="1.0"' "$xml" || fail "$xml is not XML"
  if command -v xmllint > /dev/null; then xmllint --noout "$xml" || fail "$xml is malformed"; fi
done
grep -q 'errors="1"' "$tmp/run.xml" || fail "run --junit does not count the bad file"
usage() {  # usage EXPECTED_TEXT ARGS...: exits 2 with one stderr line holding EXPECTED_TEXT
  local want="$1"; shift
  "$migsim" "$@" > /dev/null 2> "$tmp/err"; local rc=$?
  [[ $rc -eq 2 ]] || fail "'$*' exited $rc"
  [[ $(wc -l < "$tmp/err") -eq 1 ]] && grep -qF -- "$want" "$tmp/err" \
    || fail "'$*' said: $(cat "$tmp/err")"
}
usage "name exactly one scenario file" minimize
usage "--fail_on: 'devices'" minimize --fail_on=devices "$user"
usage "--max_runs: 2 is too small" minimize --max_runs=2 "$user"
usage "nothing to minimize" minimize "$user"
usage "$tmp/missing.textproto" minimize "$tmp/missing.textproto"
usage "--model: 'no_such_mutant'" minimize --model=no_such_mutant "$user"
usage "--topology: $tmp/missing.textproto" replay --topology="$tmp/missing.textproto" "$user"
usage "name at least one reproducer" replay
usage "$tmp/nowhere: no such file or directory" replay "$tmp/nowhere"
usage "--model: empty name" run --model=a,,b "$good"
usage "--junit: " run --junit="$tmp/no/dir/x.xml" "$good"
echo "PASS"
