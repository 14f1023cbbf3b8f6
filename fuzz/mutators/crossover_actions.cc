// File: fuzz/mutators/crossover_actions.cc
#include <algorithm>
#include <memory>

#include "fuzz/field_roles.h"
#include "fuzz/input_parts.h"
#include "fuzz/mutators/operators.h"
#include "fuzz/scalar_field.h"
#include "sim/check.h"

namespace migsim::mutators {

bool CrossOverActions(Message& input, MutationContext& context) {
  if (context.donor == nullptr || context.donor->GetDescriptor() != input.GetDescriptor()) {
    return false;
  }
  const InputParts parts = PartsOf(input);
  if (parts.actions == nullptr) return false;
  const Message& donor = *ScenarioPartOf(*context.donor);
  const google::protobuf::Reflection& dr = *donor.GetReflection();
  const int count = parts.action_count();
  const int donor_count = dr.FieldSize(donor, parts.actions);
  std::unique_ptr<Message> before(input.New());
  before->CopyFrom(input);
  // Keep [0, cut) of ours, then the donor's [from, donor_count), bounded.
  const int cut = static_cast<int>(context.prng.UniformBelow(static_cast<uint64_t>(count) + 1));
  const int from =
      static_cast<int>(context.prng.UniformBelow(static_cast<uint64_t>(donor_count) + 1));
  const google::protobuf::Reflection& r = *parts.scenario->GetReflection();
  while (parts.action_count() > cut) r.RemoveLast(parts.scenario, parts.actions);
  for (int i = from;
       i < donor_count && static_cast<size_t>(parts.action_count()) < context.actions_max; ++i) {
    Message* action = r.AddMessage(parts.scenario, parts.actions);
    action->CopyFrom(dr.GetRepeatedMessage(donor, parts.actions, i));
    if (!RepairIndices(*action, context.shape).fits) r.RemoveLast(parts.scenario, parts.actions);
  }
  // Half the time the child also takes the donor's seed.
  if (parts.seed != nullptr && context.prng.Chance(1, 2)) {
    // ScalarField reads through a non-const pointer; Get() does not modify.
    const ScalarField theirs{const_cast<Message*>(&donor), parts.seed, -1};
    ScalarField{parts.scenario, parts.seed, -1}.Set(theirs.Get());
  }
  MIGSIM_CHECK(static_cast<size_t>(parts.action_count()) <=
               std::max<size_t>(context.actions_max, cut));
  if (SameMessage(*before, input)) return false;  // identical halves: no real change
  return true;
}

}  // namespace migsim::mutators
