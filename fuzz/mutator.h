// File: fuzz/mutator.h
//
// Mutator: the structure-aware mutator over protobuf reflection (style.md
// R12; libprotobuf-mutator is not packaged for Debian 12). It dispatches to
// the operators of the registry (fuzz/operator_registry.h): one is chosen
// uniformly; when it does not apply another one not tried yet is, at most
// kRetriesMax times; the names of the operators applied are recorded as the mutation
// sequence ("InsertAction-SwapActions", libFuzzer's "MS:" line). Indices are
// repaired into the topology's ranges (the fixed topology's when the
// campaign fixes one), so mutated inputs are seldom rejected as bad input.
//
// Deterministic: the output is a function of the input bytes, the donor
// bytes, the options and the seed (sim/prng.h; never absl::BitGen).
//
// The byte-level entry points serve the engines: LLVMFuzzerCustomMutator /
// LLVMFuzzerCustomCrossOver (fuzz/libfuzzer_target.cc) and afl_custom_fuzz
// (fuzz/afl_mutator.cc).
//
// Example:
//   Mutator mutator(*MutatorOptionsFromEnv());
//   size_t size = mutator.MutateBytes(data, size, max_size, seed);
//   std::string how = mutator.SequenceString();
#ifndef MIGSIM_FUZZ_MUTATOR_H_
#define MIGSIM_FUZZ_MUTATOR_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "fuzz/mutation_context.h"
#include "google/protobuf/message.h"
#include "protos/fuzz_input.pb.h"
#include "protos/scenario.pb.h"
#include "sim/prng.h"

namespace migsim {

struct MutatorOptions {
  // The campaign's fixed topology (MIGSIM_FUZZ_TOPOLOGY): indices are
  // repaired into it and topology flags are not mutated. nullopt: each
  // input's own topology.
  std::optional<proto::Topology> fixed_topology;
  // Operators that add actions stop at this many (a fuzz input's run
  // should take milliseconds; sim/limits.h kActionsMax is the hard limit).
  size_t actions_max = 128;
  // Fresh actions are drawn until this accepts them (MutationContext);
  // empty: all are kept. The engine targets set fuzz/action_validator.h's.
  ActionFilter action_filter;
};

// Options from MIGSIM_FUZZ_TOPOLOGY (the AFL++ mutator runs inside afl-fuzz
// and reads it itself). Errors: the file's load error, prefixed with the
// variable's name.
absl::StatusOr<MutatorOptions> MutatorOptionsFromEnv();

// Mutator: see the file comment. Thread-compatible; reuses its messages
// across calls.
class Mutator {
 public:
  static constexpr int kRetriesMax = 16;

  explicit Mutator(MutatorOptions options = {});

  // Applies one operator to `input` (any FuzzInput- or Scenario-shaped
  // message; `donor` nullptr or of the same type). Returns false, with the
  // input unchanged, when no operator applied within kRetriesMax tries.
  bool Mutate(google::protobuf::Message& input, Prng& prng,
              const google::protobuf::Message* donor = nullptr);
  // As Mutate, with the shrinking operators only (input never grows).
  bool Shrink(google::protobuf::Message& input, Prng& prng);
  // Crosses `input`'s action list with `donor`'s (CrossOverActions),
  // falling back to Mutate with `donor` when the halves are identical.
  bool CrossOver(google::protobuf::Message& input, const google::protobuf::Message& donor,
                 Prng& prng);

  // Engine entry: parses data[0, size) as a FuzzInput (a fresh input when
  // it is not one), applies `stack` mutations (`donor` bytes, when given,
  // feed splice and crossover) and writes the result back into `data`.
  // Returns the new size, at most `max_size` (actions are dropped from the
  // end to fit; when even that fails, the input is returned unchanged).
  size_t MutateBytes(uint8_t* data, size_t size, size_t max_size, uint64_t seed, int stack = 1,
                     const uint8_t* donor = nullptr, size_t donor_size = 0);
  // Engine entry for crossover: the child of `a` and `b` into `out`.
  size_t CrossOverBytes(const uint8_t* a, size_t a_size, const uint8_t* b, size_t b_size,
                        uint8_t* out, size_t max_out_size, uint64_t seed);

  // The operators applied by the last byte-level call, or since
  // ClearSequence() for the message-level calls.
  const std::vector<absl::string_view>& sequence() const { return sequence_; }
  // sequence() joined with '-'.
  std::string SequenceString() const;
  void ClearSequence() { sequence_.clear(); }

  const MutatorOptions& options() const { return options_; }

 private:
  bool Dispatch(google::protobuf::Message& input, MutationContext& context, bool shrink_only);
  MutationContext ContextFor(google::protobuf::Message& input, Prng& prng,
                             const google::protobuf::Message* donor) const;
  // Parses into `message`, or makes a fresh input (recorded as "FreshInput").
  void ParseOrFresh(const uint8_t* data, size_t size, Prng& prng, proto::FuzzInput& message);
  // Serializes input_ into out[0, max_size) (trimming actions to fit);
  // 0 when it cannot fit.
  size_t Emit(uint8_t* out, size_t max_size);

  MutatorOptions options_;
  std::optional<TopologyShape> fixed_shape_;
  proto::FuzzInput input_;
  proto::FuzzInput donor_;
  std::string bytes_;
  std::vector<absl::string_view> sequence_;
};

}  // namespace migsim

#endif  // MIGSIM_FUZZ_MUTATOR_H_
