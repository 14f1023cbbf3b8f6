#!/bin/bash -eu
# File: scripts/clusterfuzzlite_local.sh
#
# Runs .clusterfuzzlite/build.sh here, with the variables OSS-Fuzz's
# base-builder would set (no container runs on this machine), then checks
# what it left in $OUT and runs each target briefly on its seed corpus.
#
# Usage: scripts/clusterfuzzlite_local.sh [address|undefined]
# Environment: OUT (default build-cflite/out), WORK (default
# build-cflite/work), CC / CXX (default clang-19 / clang++-19).
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
sanitizer=${1:-${SANITIZER:-address}}
export SRC=$root
export OUT=${OUT:-$root/build-cflite/out}
export WORK=${WORK:-$root/build-cflite/work}
export CC=${CC:-clang-19}
export CXX=${CXX:-clang++-19}
export SANITIZER=$sanitizer
export FUZZING_ENGINE=libfuzzer
export LIB_FUZZING_ENGINE=-fsanitize=fuzzer
common="-O1 -fno-omit-frame-pointer -gline-tables-only -fsanitize=fuzzer-no-link"
case "$sanitizer" in
  address) flags="-fsanitize=address -fsanitize-address-use-after-scope" ;;
  undefined)
    flags="-fsanitize=array-bounds,bool,builtin,enum,float-divide-by-zero,function,"
    flags+="integer-divide-by-zero,null,object-size,return,returns-nonnull-attribute,shift,"
    flags+="signed-integer-overflow,unsigned-integer-overflow,unreachable,vla-bound,vptr"
    flags+=" -fno-sanitize-recover=array-bounds,bool,builtin,enum,float-divide-by-zero,function,"
    flags+="integer-divide-by-zero,null,object-size,return,returns-nonnull-attribute,shift,"
    flags+="signed-integer-overflow,unreachable,vla-bound,vptr"
    ;;
  *) echo "clusterfuzzlite_local: sanitizer '$sanitizer' is not address or undefined" >&2; exit 2 ;;
esac
export CFLAGS="$common $flags"
export CXXFLAGS="$common $flags -stdlib=libc++"  # as base-builder sets it; build.sh drops it
if command -v ccache > /dev/null; then
  export MIGSIM_CMAKE_ARGS="-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache"
fi
mkdir -p "$OUT" "$WORK"
bash "$root/.clusterfuzzlite/build.sh"

for target in migsim_libfuzzer migsim_libfuzzer_bytes; do
  for f in "$target" "${target}_seed_corpus.zip" "$target.dict" "$target.options"; do
    [ -s "$OUT/$f" ] || { echo "clusterfuzzlite_local: $OUT/$f missing" >&2; exit 1; }
  done
  seeds=$WORK/seeds-$target
  rm -rf "$seeds" && mkdir -p "$seeds" && (cd "$seeds" && unzip -q "$OUT/${target}_seed_corpus.zip")
  zipped=$(ls "$seeds" | wc -l)
  ASAN_OPTIONS=detect_leaks=0 "$OUT/$target" -runs=200 -dict="$OUT/$target.dict" \
    -max_len=65536 "$seeds" > "$WORK/$target.log" 2>&1 ||
    { tail -20 "$WORK/$target.log"; echo "clusterfuzzlite_local: $target failed" >&2; exit 1; }
  echo "$target: $zipped seeds, $(grep -c . "$OUT/$target.dict") dict lines, ran 200 inputs"
done
echo "clusterfuzzlite_local: OK ($sanitizer), targets in $OUT"
