// File: fuzz/random_input.cc
#include "fuzz/random_input.h"

#include "fuzz/action_factory.h"
#include "fuzz/fresh_input.h"
#include "fuzz/input_parts.h"
#include "sim/check.h"

namespace migsim {
namespace {

// A random subset of the action kinds (each with probability 1/2; never
// empty), as swarm testing draws the features of one test.
std::vector<uint32_t> RandomKinds(const google::protobuf::Descriptor& action, Prng& prng) {
  std::vector<uint32_t> kinds;
  const google::protobuf::OneofDescriptor* oneof = KindOneof(action);
  if (oneof == nullptr) return kinds;
  while (kinds.empty()) {
    for (int i = 0; i < oneof->field_count(); ++i) {
      if (prng.Chance(1, 2)) kinds.push_back(static_cast<uint32_t>(oneof->field(i)->number()));
    }
  }
  return kinds;
}

}  // namespace

void MakeRandomInput(const proto::Topology& topology, MutationContext& context,
                     proto::FuzzInput& input) {
  MIGSIM_CHECK(context.actions_max >= 1);
  MakeFreshInput(topology, context, input);  // format_version, seed, topology
  proto::Scenario& scenario = *input.mutable_scenario();
  scenario.clear_actions();
  const uint64_t length = 1 + context.prng.UniformBelow(context.actions_max);
  MutationContext local{context.prng,           TopologyShape::Of(topology), nullptr,
                        context.topology_fixed, context.actions_max,         {}};
  if (context.prng.Chance(1, 2))
    local.swarm_kinds = RandomKinds(*proto::Action::descriptor(), context.prng);
  // NewAction fails only when no kind fits the topology; a bounded number
  // of failures keeps a topology without devices from looping.
  int failures = 0;
  while (static_cast<uint64_t>(scenario.actions_size()) < length && failures < 64) {
    if (!NewAction(*scenario.add_actions(), local)) {
      scenario.mutable_actions()->RemoveLast();
      ++failures;
    }
  }
}

}  // namespace migsim
