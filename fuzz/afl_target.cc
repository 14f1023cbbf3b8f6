// File: fuzz/afl_target.cc
//
// migsim_afl: the harness as an AFL++ persistent-mode target with
// shared-memory test cases (AFL++ docs/persistent_mode.md):
// __AFL_FUZZ_INIT, a deferred __AFL_INIT after the HarnessConfig is read,
// and a __AFL_LOOP that takes each test case from __AFL_FUZZ_TESTCASE_BUF.
// Built by afl-clang-fast++ (the `afl` preset). A violation is a crash
// (ReportViolationAndAbort); an invalid input's coverage is erased, so
// afl-fuzz never queues it (ForgetRun), and so is that of a violation of a
// rule MIGSIM_FUZZ_ONLY_RULE does not hunt (a crash is not queued either). Run outside afl-fuzz, it
// reads one input from stdin.
//
// Protocol coverage: after each run the protocol slots the input reached
// (spec/coverage.h) are folded into AFL++'s coverage map by hashing, so
// afl-fuzz keeps inputs that reach new protocol states. Folded slots share
// map entries with code edges (as AFL's own hashed edges do); the libFuzzer
// targets get the exact map as extra counters. AFL++ sizes its map to the
// instrumented edges before main() runs, so the slots cannot have entries
// of their own.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <string>
#include <utility>

#include "fuzz/harness.h"
#include "fuzz/harness_config.h"
#include "google/protobuf/text_format.h"
#include "spec/coverage.h"

#ifndef __AFL_FUZZ_TESTCASE_LEN
#error "migsim_afl is built with afl-clang-fast++ (cmake --preset afl)"
#endif

__AFL_FUZZ_INIT();

namespace {

// AFL++'s runtime (afl-compiler-rt) globals: the shared coverage map and
// the number of instrumented edges (afl-fuzz examines map[0, final_loc)).
// Read through assembly: afl-clang-fast's pass declares __afl_area_ptr in
// every module it instruments and a C++ declaration of ours would clash
// with it (LLVM renames one of them and the link fails). x86-64 only.
uint8_t* AflArea() {
  uint8_t* area;
  asm volatile("movq __afl_area_ptr(%%rip), %0" : "=r"(area));
  return area;
}
uint32_t AflEdges() {
  uint32_t edges;
  asm volatile("movl __afl_final_loc(%%rip), %0" : "=r"(edges));
  return edges;
}

uint8_t g_protocol_counters[migsim::kCoverageSlots];

// Run once before the fork server starts, so that first-use initialisation
// (descriptor tables, lazily built lookup tables, the harness's reusable
// messages) happens outside the measured runs: otherwise every first run of
// a persistent-mode child takes paths the next ones do not, and afl-fuzz
// reports the target as unstable.
constexpr char kWarmUp[] = R"pb(
  scenario {
    format_version: 1
    seed: 1
    topology {
      hosts { guest_pages: 64 vcpus: 1 identity_map: true }
      devices {
        kind: V1_DEVICE
        host: 0
        v1 { variant: V1_NDMA ndma_capable: true }
      }
      devices {
        kind: V2_DEVICE
        host: 0
        v2 { p2p: true pre_copy: true }
      }
      devices { kind: DMA_ENGINE host: 0 }
    }
    actions { v1_set_state { device: 0 mask: 0xFFFFFFFF value: 3 } }
    actions { v1_save_iteration { device: 0 } }
    actions { v2_set_state { device: 1 state: 6 } }
    actions { v2_read { device: 1 fd: 0 length: 64 } }
    actions { v2_precopy_info { device: 1 fd: 0 } }
    actions { device_dma { device: 2 iova: 0x1000 length: 64 write: true } }
    actions { advance_time { ns: 1000 } }
  }
)pb";

void WarmUp(migsim::Harness& harness) {
  migsim::proto::FuzzInput input;
  if (!google::protobuf::TextFormat::ParseFromString(kWarmUp, &input)) return;
  const std::string bytes = input.SerializeAsString();
  const bool log = harness.config().log;
  harness.set_log(false);
  for (int i = 0; i < 2; ++i) {
    harness.Run(bytes, absl::MakeSpan(g_protocol_counters, migsim::kCoverageSlots));
  }
  harness.set_log(log);
  std::fill(std::begin(g_protocol_counters), std::end(g_protocol_counters), 0);
}

// Folds the run's protocol slots into AFL++'s map, hashed over the edge
// entries [1, edges) (entry 0 is AFL++'s own), adding one per slot reached.
void FoldProtocolCoverage() {
  uint8_t* area = AflArea();
  const uint32_t edges = AflEdges();
  for (uint32_t slot = 0; slot < migsim::kCoverageSlots; ++slot) {
    if (g_protocol_counters[slot] == 0) continue;
    g_protocol_counters[slot] = 0;
    if (area == nullptr || edges < 2) continue;
    const uint32_t at = 1 + static_cast<uint32_t>((slot * 0x9E3779B1ull) % (edges - 1));
    // Reached or not, as in libfuzzer_target.cc: hit counts are noise here.
    area[at] = static_cast<uint8_t>(area[at] + 1);
  }
}

// AFL++'s counterpart of returning -1 to libFuzzer: an invalid input's run
// leaves the map as __AFL_LOOP starts each run (all zero, entry 0 set), so
// it shows no new coverage and afl-fuzz does not queue it. Otherwise every
// distinct way of being bad input (a new error path) would fill the queue.
void ForgetRun() {
  uint8_t* area = AflArea();
  const uint32_t edges = AflEdges();
  if (area == nullptr || edges == 0) return;
  std::fill(area, area + edges, 0);
  area[0] = 1;
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
  WarmUp(harness);
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
    if (result.outcome == migsim::HarnessOutcome::kInvalid ||
        result.outcome == migsim::HarnessOutcome::kOtherRule) {
      ForgetRun();
    } else {
      FoldProtocolCoverage();
    }
  }
  return 0;
}
