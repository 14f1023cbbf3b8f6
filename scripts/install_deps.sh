#!/usr/bin/env bash
# File: scripts/install_deps.sh
# Installs exactly the Debian 12 packages migsim needs to build, test and fuzz.
# Idempotent: when every package is already installed it exits after one dpkg-query.
# Works as root, or through sudo for another user.
set -euo pipefail

PACKAGES=(
  cmake ninja-build g++            # build
  libabsl-dev                      # absl::Status, flags, strings, containers
  libprotobuf-dev protobuf-compiler
  libgtest-dev libgmock-dev        # tests
  libbenchmark-dev                 # benchmarks
  clang-19 libclang-rt-19-dev      # libFuzzer + sanitizers (clang-19 handles rejected inputs)
  afl++                            # AFL++ 4.04c and afl-clang-fast++
  zip                              # ClusterFuzzLite seed corpus archives
)

missing=()
for p in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

echo "install_deps: installing ${missing[*]}" >&2
SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  if ! command -v sudo >/dev/null; then
    echo "install_deps: need root or sudo to install: ${missing[*]}" >&2
    exit 1
  fi
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
