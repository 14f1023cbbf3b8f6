// File: fuzz/libfuzzer_target.cc
//
// The libFuzzer entry points (https://llvm.org/docs/LibFuzzer.html):
// LLVMFuzzerInitialize reads the HarnessConfig from the environment (a bad
// value: a message and exit 2), LLVMFuzzerTestOneInput runs one binary
// FuzzInput through the Harness. Invalid inputs return -1, which tells
// libFuzzer not to add them to the corpus; a violation is a crash
// (ReportViolationAndAbort).
//
// Built three ways (fuzz/CMakeLists.txt):
//   migsim_libfuzzer        with MIGSIM_CUSTOM_MUTATOR: the structure-aware
//                           LLVMFuzzerCustomMutator / LLVMFuzzerCustomCrossOver
//                           of fuzz/mutator.h;
//   migsim_libfuzzer_bytes  without: libFuzzer's own byte-level mutations,
//                           the baseline the detection benchmark compares.
// Both publish protocol coverage (spec/coverage.h) as libFuzzer extra
// counters: an array in the section __libfuzzer_extra_counters, which
// libFuzzer clears before each input and reads after it, so an input that
// reaches a new protocol state (a v2 arc, a v1 SAVING step, a device_state
// under a new action kind) is kept even when it runs no new code.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <utility>

#include "fuzz/harness.h"
#include "fuzz/harness_config.h"
#include "spec/coverage.h"

#ifdef MIGSIM_CUSTOM_MUTATOR
#include "fuzz/action_validator.h"
#include "fuzz/mutator.h"
#endif

namespace {

// libFuzzer's extra counters (FuzzerExtraCounters.cpp: the section's
// __start_/__stop_ symbols bound the array it scans).
__attribute__((used, section("__libfuzzer_extra_counters")))
uint8_t g_protocol_counters[migsim::kCoverageSlots];

migsim::Harness* g_harness = nullptr;
#ifdef MIGSIM_CUSTOM_MUTATOR
migsim::Mutator* g_mutator = nullptr;
#endif

// A protocol slot counts as reached or not: how often an input reaches it
// (how many actions it has) is no reason to keep the input, and libFuzzer
// would treat every new hit-count bucket as a new feature.
void FlattenProtocolCounters() {
  for (uint8_t& counter : g_protocol_counters) counter = counter != 0 ? 1 : 0;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  static_cast<void>(argc);
  static_cast<void>(argv);
  absl::StatusOr<migsim::HarnessConfig> config =
      migsim::MakeHarnessConfig(migsim::HarnessEnv::FromProcess());
  if (!config.ok()) {
    std::fprintf(stderr, "migsim fuzz target: %s\n", config.status().ToString().c_str());
    std::exit(2);
  }
#ifdef MIGSIM_CUSTOM_MUTATOR
  migsim::MutatorOptions options;
  if (config->topology.has_value()) {
    options.fixed_topology = config->topology->topology();
    options.action_filter = migsim::MakeActionValidator(*config->topology);
  }
  g_mutator = new migsim::Mutator(std::move(options));
#endif
  g_harness = new migsim::Harness(*std::move(config));
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (g_harness == nullptr) LLVMFuzzerInitialize(nullptr, nullptr);
  const migsim::HarnessResult& result =
      g_harness->Run(absl::string_view(reinterpret_cast<const char*>(data), size),
                     absl::MakeSpan(g_protocol_counters, migsim::kCoverageSlots));
  FlattenProtocolCounters();
  switch (result.outcome) {
    case migsim::HarnessOutcome::kInvalid:
    case migsim::HarnessOutcome::kOtherRule:  // as a crash: not in the corpus
      return -1;
    case migsim::HarnessOutcome::kViolation:
#ifdef MIGSIM_CUSTOM_MUTATOR
      // libFuzzer runs a unit after each mutation step, so the last
      // sequence is the step that made this input (libFuzzer may have
      // stacked earlier steps on the same unit; empty for corpus inputs).
      migsim::ReportViolationAndAbort(result, g_mutator->SequenceString());
#else
      migsim::ReportViolationAndAbort(result);
#endif
    case migsim::HarnessOutcome::kClean:
    case migsim::HarnessOutcome::kLiveness:
      return 0;
  }
  return 0;
}

#ifdef MIGSIM_CUSTOM_MUTATOR
extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t max_size,
                                          unsigned int seed) {
  if (g_mutator == nullptr) LLVMFuzzerInitialize(nullptr, nullptr);
  return g_mutator->MutateBytes(data, size, max_size, seed);
}

extern "C" size_t LLVMFuzzerCustomCrossOver(const uint8_t* data1, size_t size1,
                                            const uint8_t* data2, size_t size2, uint8_t* out,
                                            size_t max_out_size, unsigned int seed) {
  if (g_mutator == nullptr) LLVMFuzzerInitialize(nullptr, nullptr);
  return g_mutator->CrossOverBytes(data1, size1, data2, size2, out, max_out_size, seed);
}
#endif
