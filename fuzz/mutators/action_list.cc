// File: fuzz/mutators/action_list.cc
#include "fuzz/mutators/action_list.h"

#include <vector>

#include "sim/check.h"

namespace migsim::mutators {

google::protobuf::Message* InsertActionAt(const InputParts& parts, int index) {
  MIGSIM_CHECK(parts.actions != nullptr);
  const int count = parts.action_count();
  MIGSIM_CHECK(index >= 0 && index <= count) << index << " of " << count;
  const google::protobuf::Reflection& r = *parts.scenario->GetReflection();
  r.AddMessage(parts.scenario, parts.actions);
  for (int i = count; i > index; --i) r.SwapElements(parts.scenario, parts.actions, i, i - 1);
  return parts.action(index);
}

void EraseActionRange(const InputParts& parts, int begin, int end) {
  const int count = parts.action_count();
  MIGSIM_CHECK(0 <= begin && begin <= end && end <= count) << begin << ".." << end << "/" << count;
  const google::protobuf::Reflection& r = *parts.scenario->GetReflection();
  const int removed = end - begin;
  for (int i = end; i < count; ++i) r.SwapElements(parts.scenario, parts.actions, i, i - removed);
  for (int i = 0; i < removed; ++i) r.RemoveLast(parts.scenario, parts.actions);
  MIGSIM_CHECK(parts.action_count() == count - removed);
}

bool PickScalar(const InputParts& parts, MutationContext& context, ScalarField* out) {
  const int count = parts.action_count();
  if (count == 0) return false;
  const int index = static_cast<int>(context.prng.UniformBelow(count));
  std::vector<ScalarField> scalars;
  CollectScalars(*parts.action(index), scalars);
  if (scalars.empty()) return false;
  *out = scalars[context.prng.UniformBelow(scalars.size())];
  return true;
}

}  // namespace migsim::mutators
