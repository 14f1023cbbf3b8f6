#!/usr/bin/env bash
# File: tests/regressions/replay_regressions_test.sh
#
# Goal: the CI gate exactly as a user's CI runs it (README.md "Continuous
# integration"): `migsim replay corpus/regressions` reproduces every
# regression on its mutant and `migsim replay --reference` finds every one
# clean on the reference models, both exit 0 and both write JUnit XML with
# one testcase per file and no failure.
# Usage: replay_regressions_test.sh MIGSIM REGRESSIONS_DIR
set -uo pipefail
migsim="$1"; dir="$2"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
files=$(find "$dir" -name '*.textproto' | wc -l)
[[ $files -ge 20 ]] || fail "only $files regression files in $dir"
"$migsim" replay --junit="$tmp/mutants.xml" "$dir" > "$tmp/out" 2>&1 || fail "$(cat "$tmp/out")"
grep -q "^replay: $files files: $files REPRODUCED$" "$tmp/out" || fail "$(tail -3 "$tmp/out")"
"$migsim" replay --reference --junit="$tmp/reference.xml" "$dir" > "$tmp/out" 2>&1 \
  || fail "$(cat "$tmp/out")"
grep -q "^replay: $files files: $files CLEAN$" "$tmp/out" || fail "$(tail -3 "$tmp/out")"
for xml in "$tmp/mutants.xml" "$tmp/reference.xml"; do
  grep -q "tests=\"$files\" failures=\"0\" errors=\"0\"" "$xml" || fail "$xml: $(head -3 "$xml")"
done
echo "PASS: $files regressions reproduce on their mutants and run clean on the reference"
