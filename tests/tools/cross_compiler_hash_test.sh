#!/usr/bin/env bash
# Goal: the same scenario gives the same trace hash whichever compiler built
# migsim. Method: run every corpus/ scenario with the g++ build and the
# clang build and compare the trace_hash lines. Exit 77 (ctest SKIP) when the
# second build is absent.
set -euo pipefail
first="$1"; second="$2"; corpus="$3"
if [[ ! -x "$second" ]]; then
  echo "SKIP: no second-compiler build at $second (make build-clang builds it)"
  exit 77
fi
mapfile -t files < <(find "$corpus" -name '*.textproto' | sort)
a=$("$first" run --trace=none "${files[@]}" | grep -E '^(==|trace_hash=)' || true)
b=$("$second" run --trace=none "${files[@]}" | grep -E '^(==|trace_hash=)' || true)
if [[ -z "$a" ]]; then echo "no hashes printed"; exit 1; fi
if [[ "$a" != "$b" ]]; then
  diff <(echo "$a") <(echo "$b") || true
  echo "FAIL: trace hashes differ between compilers"
  exit 1
fi
echo "PASS: $(grep -c trace_hash <<<"$a") scenarios hash identically under both compilers"
