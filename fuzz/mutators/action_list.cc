// File: fuzz/mutators/action_list.cc
#include "fuzz/mutators/action_list.h"

#include <string>
#include <vector>

#include "fuzz/field_roles.h"
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

bool ChangeOneScalar(const InputParts& parts, MutationContext& context, int tries,
                     ValueProposal propose) {
  const int count = parts.action_count();
  if (count == 0) return false;
  google::protobuf::Message* action =
      parts.action(static_cast<int>(context.prng.UniformBelow(count)));
  std::vector<ScalarField> scalars;
  CollectScalars(*action, scalars);
  if (scalars.empty()) return false;
  // The choice is kept as a position: undoing re-parses the action, which
  // rebuilds its sub-messages, so ScalarField pointers are collected anew.
  const size_t chosen = context.prng.UniformBelow(scalars.size());
  const std::string before_bytes = action->SerializePartialAsString();
  const uint64_t before = scalars[chosen].Get();
  for (int attempt = 0; attempt < tries; ++attempt) {
    const ScalarField scalar = scalars[chosen];
    const std::optional<uint64_t> next = propose(scalar, before);
    if (!next.has_value()) break;
    scalar.Set(*next);
    const IndexRepair repair = RepairIndices(*action, context.shape);
    if (repair.fits && action->SerializePartialAsString() != before_bytes) return true;
    MIGSIM_CHECK(action->ParsePartialFromString(before_bytes));  // undo, repair included
    scalars.clear();
    CollectScalars(*action, scalars);
    MIGSIM_CHECK(chosen < scalars.size());
  }
  return false;
}

}  // namespace migsim::mutators
