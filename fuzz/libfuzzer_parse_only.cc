// File: fuzz/libfuzzer_parse_only.cc
//
// migsim_libfuzzer_parse_only: the same input handling as the harness up to
// the point where the scenario would run (parse the binary FuzzInput, apply
// the swarm settings), and nothing after. Its exec/s over the same inputs is
// the denominator of the harness's cost ratio (scripts/fuzz_bench.sh); it
// never crashes on a violation because it never runs one.
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_input.h"
#include "protos/fuzz_input.pb.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static migsim::proto::FuzzInput* const input = new migsim::proto::FuzzInput();
  static migsim::proto::Scenario* const scenario = new migsim::proto::Scenario();
  input->Clear();
  if (!input->ParseFromArray(data, static_cast<int>(size))) return -1;
  scenario->Swap(input->mutable_scenario());
  migsim::ApplySwarm(input->swarm(), *scenario);
  return scenario->actions_size() >= 0 ? 0 : -1;
}
