// File: fuzz/afl_target.cc
//
// migsim_afl: the harness as an AFL++ persistent-mode target with
// shared-memory test cases (AFL++ docs/persistent_mode.md):
// __AFL_FUZZ_INIT, a deferred __AFL_INIT after the HarnessConfig is read,
// and a __AFL_LOOP that takes each test case from __AFL_FUZZ_TESTCASE_BUF.
// Built by afl-clang-fast++ (the `afl` preset). A violation is a crash
// (ReportViolationAndAbort); an invalid input just returns (AFL++ has no
// way to reject one). Run outside afl-fuzz, it reads one input from stdin.
//
// Protocol coverage: after each run the protocol slots the input reached
// (spec/coverage.h) are folded into AFL++'s coverage map by hashing, so
// afl-fuzz keeps inputs that reach new protocol states. Folded slots share
// map entries with code edges (as AFL's own hashed edges do); the libFuzzer
// targets get the exact map as extra counters.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include "fuzz/harness.h"
#include "fuzz/harness_config.h"
#include "spec/coverage.h"

#ifndef __AFL_FUZZ_TESTCASE_LEN
#error "migsim_afl is built with afl-clang-fast++ (cmake --preset afl)"
#endif

// AFL++'s runtime (afl-compiler-rt): the shared coverage map and its size.
extern "C" uint8_t* __afl_area_ptr;
extern "C" uint32_t __afl_map_size;

__AFL_FUZZ_INIT();

namespace {

uint8_t g_protocol_counters[migsim::kCoverageSlots];

// Folds the run's protocol slots into AFL++'s map (entry 0 is AFL++'s own).
void FoldProtocolCoverage() {
  const uint32_t size = __afl_map_size;
  if (__afl_area_ptr == nullptr || size < 2) return;
  for (uint32_t slot = 0; slot < migsim::kCoverageSlots; ++slot) {
    const uint8_t count = g_protocol_counters[slot];
    if (count == 0) continue;
    g_protocol_counters[slot] = 0;
    const uint32_t at = 1 + static_cast<uint32_t>((slot * 0x9E3779B1ull) % (size - 1));
    __afl_area_ptr[at] = static_cast<uint8_t>(__afl_area_ptr[at] + count);
  }
}

}  // namespace

int main() {
  absl::StatusOr<migsim::HarnessConfig> config =
      migsim::MakeHarnessConfig(migsim::HarnessEnv::FromProcess());
  if (!config.ok()) {
    std::fprintf(stderr, "migsim_afl: %s\n", config.status().ToString().c_str());
    return 2;
  }
  migsim::Harness harness(*std::move(config));
  __AFL_INIT();
  const unsigned char* buf = __AFL_FUZZ_TESTCASE_BUF;
  while (__AFL_LOOP(10000)) {
    const int len = __AFL_FUZZ_TESTCASE_LEN;
    const migsim::HarnessResult& result =
        harness.Run(absl::string_view(reinterpret_cast<const char*>(buf), len),
                    absl::MakeSpan(g_protocol_counters, migsim::kCoverageSlots));
    if (result.outcome == migsim::HarnessOutcome::kViolation) {
      migsim::ReportViolationAndAbort(result);
    }
    FoldProtocolCoverage();
  }
  return 0;
}
