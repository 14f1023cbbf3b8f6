// File: fuzz/mutator.cc
#include "fuzz/mutator.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "fuzz/action_factory.h"
#include "fuzz/field_roles.h"
#include "fuzz/fresh_input.h"
#include "fuzz/input_parts.h"
#include "fuzz/operator_registry.h"
#include "sim/check.h"
#include "sim/scenario_io.h"

namespace migsim {
namespace {

using google::protobuf::Message;

// Repairs every action's indices into `shape` (inputs from seeds or another
// topology) and drops the actions that cannot run on it at all: an index
// with no valid value, or a kind no device of the topology answers (a v2
// call in a topology of v1 devices, from a seed of another family).
void RepairAll(Message& input, const TopologyShape& shape) {
  const InputParts parts = PartsOf(input);
  const google::protobuf::Reflection& r = *parts.scenario->GetReflection();
  int kept = 0;
  for (int i = 0; i < parts.action_count(); ++i) {
    const google::protobuf::FieldDescriptor* kind = KindOf(*parts.action(i));
    if (kind == nullptr || !KindAnswerable(*kind, shape)) continue;
    if (!RepairIndices(*parts.action(i), shape).fits) continue;
    if (kept != i) r.SwapElements(parts.scenario, parts.actions, kept, i);
    ++kept;
  }
  while (parts.action_count() > kept) r.RemoveLast(parts.scenario, parts.actions);
}

// With a fixed topology the harness replaces every input's topology and
// bounds (fuzz/harness.h PrepareScenario): an input's own (and its
// description) are dead bytes to parse, mutate and store, so they are
// dropped, and the actions are repaired into the fixed one.
void DropTopology(proto::FuzzInput& input, const TopologyShape& shape) {
  input.mutable_scenario()->clear_topology();
  input.mutable_scenario()->clear_bounds();
  input.mutable_scenario()->clear_description();
  RepairAll(input, shape);
}

}  // namespace

absl::StatusOr<MutatorOptions> MutatorOptionsFromEnv() {
  MutatorOptions options;
  const char* path = std::getenv("MIGSIM_FUZZ_TOPOLOGY");
  if (path == nullptr || *path == '\0') return options;
  absl::StatusOr<proto::Scenario> loaded = LoadScenarioFile(path);
  if (!loaded.ok()) {
    return absl::Status(loaded.status().code(),
                        absl::StrCat("MIGSIM_FUZZ_TOPOLOGY: ", loaded.status().message()));
  }
  options.fixed_topology = loaded->topology();
  return options;
}

Mutator::Mutator(MutatorOptions options) : options_(std::move(options)) {
  if (options_.fixed_topology.has_value()) {
    fixed_shape_ = TopologyShape::Of(*options_.fixed_topology);
  }
}

MutationContext Mutator::ContextFor(Message& input, Prng& prng, const Message* donor) const {
  MutationContext context{prng, {}, donor, fixed_shape_.has_value(), options_.actions_max, {}};
  const InputParts parts = PartsOf(input);
  context.swarm_kinds = parts.swarm_list("action_kinds");
  if (options_.action_filter) context.action_filter = &options_.action_filter;
  if (fixed_shape_.has_value()) {
    context.shape = *fixed_shape_;
  } else if (parts.topology != nullptr) {
    context.shape = TopologyShape::Of(
        parts.scenario->GetReflection()->GetMessage(*parts.scenario, parts.topology));
  }
  return context;
}

bool Mutator::Dispatch(Message& input, MutationContext& context, bool shrink_only) {
  // Choose among the operators that can apply in this mode, so the retries
  // go to real attempts.
  std::array<const MutationOperator*, 32> eligible{};
  size_t count = 0;
  for (const MutationOperator& op : Operators()) {
    if (shrink_only && !op.shrinks) continue;
    if (op.needs_donor && context.donor == nullptr) continue;
    MIGSIM_CHECK(count < eligible.size());
    eligible[count++] = &op;
  }
  // Drawn without replacement: an operator that did not apply is not tried
  // again in this call, so an input few operators fit (an empty action
  // list) still gets one of them.
  for (int attempt = 0; attempt < kRetriesMax && count > 0; ++attempt) {
    const size_t pick = context.prng.UniformBelow(count);
    const MutationOperator& op = *eligible[pick];
    if (op.fn(input, context)) {
      sequence_.push_back(op.name);
      return true;
    }
    eligible[pick] = eligible[--count];
  }
  return false;
}

bool Mutator::Mutate(Message& input, Prng& prng, const Message* donor) {
  MutationContext context = ContextFor(input, prng, donor);
  return Dispatch(input, context, false);
}

bool Mutator::Shrink(Message& input, Prng& prng) {
  MutationContext context = ContextFor(input, prng, nullptr);
  return Dispatch(input, context, true);
}

bool Mutator::CrossOver(Message& input, const Message& donor, Prng& prng) {
  MutationContext context = ContextFor(input, prng, &donor);
  const MutationOperator* op = FindOperator("CrossOverActions");
  MIGSIM_CHECK(op != nullptr);
  if (op->fn(input, context)) {
    sequence_.push_back(op->name);
    return true;
  }
  return Dispatch(input, context, false);
}

void Mutator::ParseOrFresh(const uint8_t* data, size_t size, Prng& prng,
                           proto::FuzzInput& message) {
  message.Clear();
  // With a fixed topology an input needs none of its own (the harness
  // replaces it); without one, an input with no topology cannot run.
  if (size > 0 && message.ParseFromArray(data, static_cast<int>(size)) &&
      (fixed_shape_.has_value() || message.scenario().has_topology())) {
    if (fixed_shape_.has_value()) DropTopology(message, *fixed_shape_);
    return;
  }
  MutationContext context = ContextFor(message, prng, nullptr);
  MakeFreshInput(
      options_.fixed_topology.has_value() ? *options_.fixed_topology : FallbackTopology(), context,
      message);
  if (fixed_shape_.has_value()) DropTopology(message, *fixed_shape_);
  sequence_.push_back("FreshInput");
}

size_t Mutator::Emit(uint8_t* out, size_t max_size) {
  proto::Scenario& scenario = *input_.mutable_scenario();
  for (;;) {
    bytes_.clear();
    input_.SerializeToString(&bytes_);
    if (bytes_.size() <= max_size) break;
    if (scenario.actions_size() == 0) return 0;
    // Drop about an eighth of the actions at a time from the end.
    const int drop = std::max(1, scenario.actions_size() / 8);
    for (int i = 0; i < drop; ++i) scenario.mutable_actions()->RemoveLast();
  }
  std::memcpy(out, bytes_.data(), bytes_.size());
  return bytes_.size();
}

size_t Mutator::MutateBytes(uint8_t* data, size_t size, size_t max_size, uint64_t seed, int stack,
                            const uint8_t* donor, size_t donor_size) {
  sequence_.clear();
  Prng prng(seed);
  ParseOrFresh(data, size, prng, input_);
  const Message* donor_message = nullptr;
  if (donor != nullptr && donor_size > 0 &&
      donor_.ParseFromArray(donor, static_cast<int>(donor_size))) {
    donor_message = &donor_;
  }
  for (int i = 0; i < std::max(stack, 1); ++i) Mutate(input_, prng, donor_message);
  const size_t written = Emit(data, max_size);
  return written != 0 ? written : std::min(size, max_size);
}

size_t Mutator::CrossOverBytes(const uint8_t* a, size_t a_size, const uint8_t* b, size_t b_size,
                               uint8_t* out, size_t max_out_size, uint64_t seed) {
  sequence_.clear();
  Prng prng(seed);
  ParseOrFresh(a, a_size, prng, input_);
  ParseOrFresh(b, b_size, prng, donor_);
  CrossOver(input_, donor_, prng);
  const size_t written = Emit(out, max_out_size);
  if (written != 0) return written;
  const size_t copied = std::min(a_size, max_out_size);  // cannot fit: the first parent
  std::memcpy(out, a, copied);
  return copied;
}

std::string Mutator::SequenceString() const { return absl::StrJoin(sequence_, "-"); }

}  // namespace migsim
