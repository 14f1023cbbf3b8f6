#!/bin/bash -eu
# File: .clusterfuzzlite/build.sh
#
# Builds migsim's fuzz targets the OSS-Fuzz / ClusterFuzzLite way: the
# compilers and flags come from $CC, $CXX, $CFLAGS, $CXXFLAGS (sanitizers
# and -fsanitize=fuzzer-no-link included), the engine from
# $LIB_FUZZING_ENGINE, and everything lands in $OUT:
#   migsim_libfuzzer        structure-aware (our LLVMFuzzerCustomMutator)
#   migsim_libfuzzer_bytes  the same harness, libFuzzer's byte mutations
# each with <target>_seed_corpus.zip (corpus/ as binary FuzzInputs),
# <target>.dict (Action kind tags and interesting varints, from the schema)
# and <target>.options.
# scripts/clusterfuzzlite_local.sh runs this script here with those
# variables set (no container runs on this machine).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${WORK:-/tmp}/migsim-cflite-build

# OSS-Fuzz adds -stdlib=libc++ to CXXFLAGS; Abseil and protobuf (Debian's, or
# the Dockerfile's) are built against libstdc++, so the targets must be too.
CXXFLAGS=${CXXFLAGS//-stdlib=libc++/}

# shellcheck disable=SC2086  # MIGSIM_CMAKE_ARGS is a word list on purpose
cmake -S "$root" -B "$build" -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" \
  -DCMAKE_C_FLAGS="$CFLAGS" -DCMAKE_CXX_FLAGS="$CXXFLAGS" \
  -DMIGSIM_FUZZ_ENGINE=libfuzzer -DMIGSIM_LIB_FUZZING_ENGINE="$LIB_FUZZING_ENGINE" \
  -DMIGSIM_BUILD_TESTS=OFF ${MIGSIM_CMAKE_ARGS:-}
cmake --build "$build" -j"$(nproc)" \
  --target migsim_libfuzzer migsim_libfuzzer_bytes migsim_fuzz_seeds

for target in migsim_libfuzzer migsim_libfuzzer_bytes; do
  cp "$build/bin/$target" "$OUT/$target"
  rm -f "$OUT/${target}_seed_corpus.zip"
  (cd "$build/fuzz_seeds" && zip -q -j "$OUT/${target}_seed_corpus.zip" ./*.pb)
  cp "$build/migsim.dict" "$OUT/$target.dict"
  # A scenario with a hundred actions is a few kilobytes; 64 KiB leaves room.
  printf '[libfuzzer]\nmax_len = 65536\n' > "$OUT/$target.options"
done
