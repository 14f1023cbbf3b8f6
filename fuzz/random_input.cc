// File: fuzz/random_input.cc
#include "fuzz/random_input.h"

#include "fuzz/action_factory.h"
#include "fuzz/fresh_input.h"
#include "fuzz/mutators/operators.h"
#include "sim/check.h"

namespace migsim {

void MakeRandomInput(const proto::Topology& topology, MutationContext& context,
                     proto::FuzzInput& input) {
  MIGSIM_CHECK(context.actions_max >= 1);
  MakeFreshInput(topology, context, input);
  proto::Scenario& scenario = *input.mutable_scenario();
  const uint64_t length = 1 + context.prng.UniformBelow(context.actions_max);
  MutationContext local{context.prng, TopologyShape::Of(topology), nullptr, context.topology_fixed,
                        context.actions_max};
  // NewAction fails only when no kind fits the topology; a bounded number
  // of failures keeps a topology without devices from looping.
  int failures = 0;
  while (static_cast<uint64_t>(scenario.actions_size()) < length && failures < 64) {
    if (!NewAction(*scenario.add_actions(), local)) {
      scenario.mutable_actions()->RemoveLast();
      ++failures;
    }
  }
  while (static_cast<uint64_t>(scenario.actions_size()) > length) {
    scenario.mutable_actions()->RemoveLast();
  }
  if (context.prng.Chance(1, 2)) {
    const uint64_t swarm_steps = 1 + context.prng.UniformBelow(3);
    for (uint64_t i = 0; i < swarm_steps; ++i) mutators::MutateSwarm(input, local);
  }
}

}  // namespace migsim
