// File: fuzz/afl_mutator.cc
//
// libmigsim_afl_mutator.so: the structure-aware Mutator (fuzz/mutator.h) as
// an AFL++ custom mutator library (AFL_CUSTOM_MUTATOR_LIBRARY). AFL++'s
// libFuzzer driver never calls a harness-embedded LLVMFuzzerCustomMutator,
// hence a library of its own, loaded by afl-fuzz itself. It implements the
// hooks afl++ 4.04c offers (docs/custom_mutators.md of that release) that
// are of use here:
//   afl_custom_init      reads MIGSIM_FUZZ_TOPOLOGY (indices are repaired
//                        into the campaign's fixed topology, fresh actions
//                        are validated on it: fuzz/action_validator.h) and
//                        seeds the Prng from afl-fuzz's seed;
//   afl_custom_fuzz      1..4 stacked operators; add_buf (another queue
//                        entry) is the donor for splice and crossover;
//   afl_custom_describe  "migsim:" + the operator sequence, so queue and
//                        crash file names say how an input was made;
//   afl_custom_init_trim / afl_custom_trim / afl_custom_post_trim
//                        trimming by whole actions (AFL++'s byte trimming
//                        would break the protobuf encoding);
//   afl_custom_deinit.
// (4.04c has no afl_custom_splice_optout; use AFL_CUSTOM_MUTATOR_ONLY=1 so
// afl-fuzz's byte-level stages do not waste executions on broken inputs.)
// Built un-instrumented, with the default (g++) preset: the library runs in
// afl-fuzz's process, not in the target's.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "fuzz/action_validator.h"
#include "fuzz/mutator.h"
#include "protos/fuzz_input.pb.h"
#include "sim/prng.h"
#include "sim/scenario_io.h"

namespace {

struct AflMutatorState {
  migsim::Mutator mutator;
  migsim::Prng prng;
  std::vector<uint8_t> out;  // afl_custom_fuzz's result; valid until the next call
  std::string description;
  // Trimming: the best input so far and the action tried next.
  migsim::proto::FuzzInput trim_best;
  migsim::proto::FuzzInput trim_candidate;
  std::string trim_bytes;
  int trim_position = 0;
  int trim_step = 0;
  int trim_steps = 0;
};

}  // namespace

extern "C" {

void* afl_custom_init(void* afl, unsigned int seed) {
  static_cast<void>(afl);
  absl::StatusOr<migsim::MutatorOptions> options = migsim::MutatorOptionsFromEnv();
  if (!options.ok()) {
    std::fprintf(stderr, "libmigsim_afl_mutator: %s\n", options.status().ToString().c_str());
    return nullptr;
  }
  // The same filter of fresh actions the libFuzzer target gives its
  // mutator (fuzz/action_validator.h), on the same topology file.
  const char* topology = std::getenv("MIGSIM_FUZZ_TOPOLOGY");
  if (topology != nullptr && *topology != '\0') {
    absl::StatusOr<migsim::proto::Scenario> loaded = migsim::LoadScenarioFile(topology);
    if (loaded.ok()) options->action_filter = migsim::MakeActionValidator(*loaded);
  }
  return new AflMutatorState{
      migsim::Mutator(*std::move(options)), migsim::Prng(seed), {}, {}, {}, {}, {}, 0, 0, 0};
}

size_t afl_custom_fuzz(void* data, uint8_t* buf, size_t buf_size, uint8_t** out_buf,
                       uint8_t* add_buf, size_t add_buf_size, size_t max_size) {
  auto* state = static_cast<AflMutatorState*>(data);
  state->out.assign(buf, buf + buf_size);
  state->out.resize(std::max(buf_size, max_size));
  const int stack = 1 + static_cast<int>(state->prng.UniformBelow(4));
  const size_t size = state->mutator.MutateBytes(state->out.data(), buf_size, max_size,
                                                 state->prng(), stack, add_buf, add_buf_size);
  *out_buf = state->out.data();
  return size;
}

const char* afl_custom_describe(void* data, size_t max_description_len) {
  auto* state = static_cast<AflMutatorState*>(data);
  state->description = absl::StrCat("migsim:", state->mutator.SequenceString());
  if (state->description.size() > max_description_len) {
    state->description.resize(max_description_len);
  }
  return state->description.c_str();
}

int32_t afl_custom_init_trim(void* data, uint8_t* buf, size_t buf_size) {
  auto* state = static_cast<AflMutatorState*>(data);
  state->trim_position = 0;
  state->trim_step = 0;
  state->trim_steps = 0;
  if (!state->trim_best.ParseFromArray(buf, static_cast<int>(buf_size))) return 0;
  state->trim_steps = state->trim_best.scenario().actions_size();
  return state->trim_steps;
}

// The candidate: the best input without the action at trim_position.
size_t afl_custom_trim(void* data, uint8_t** out_buf) {
  auto* state = static_cast<AflMutatorState*>(data);
  state->trim_candidate = state->trim_best;
  auto* actions = state->trim_candidate.mutable_scenario()->mutable_actions();
  if (state->trim_position < actions->size()) {
    actions->DeleteSubrange(state->trim_position, 1);
  }
  state->trim_bytes.clear();
  state->trim_candidate.SerializeToString(&state->trim_bytes);
  *out_buf = reinterpret_cast<uint8_t*>(state->trim_bytes.data());
  return state->trim_bytes.size();
}

int32_t afl_custom_post_trim(void* data, unsigned char success) {
  auto* state = static_cast<AflMutatorState*>(data);
  if (success != 0) {
    state->trim_best = state->trim_candidate;  // the next action moved into this position
  } else {
    ++state->trim_position;
  }
  ++state->trim_step;
  if (state->trim_position >= state->trim_best.scenario().actions_size()) {
    return state->trim_steps;  // nothing left to try: done
  }
  return state->trim_step;
}

void afl_custom_deinit(void* data) { delete static_cast<AflMutatorState*>(data); }

}  // extern "C"
