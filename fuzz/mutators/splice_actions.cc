// File: fuzz/mutators/splice_actions.cc
#include <algorithm>
#include <memory>

#include "fuzz/field_roles.h"
#include "fuzz/input_parts.h"
#include "fuzz/mutators/action_list.h"
#include "fuzz/mutators/operators.h"
#include "sim/check.h"

namespace migsim::mutators {
namespace {

constexpr int kSpliceLengthMax = 16;

}  // namespace

bool SpliceActions(Message& input, MutationContext& context) {
  const InputParts parts = PartsOf(input);
  if (parts.actions == nullptr) return false;
  // The source: the donor's scenario when it has the same type, else a copy
  // of this input's own actions (copied first: inserting moves them).
  const Message* donor = context.donor != nullptr ? ScenarioPartOf(*context.donor) : nullptr;
  if (donor != nullptr && donor->GetDescriptor() != parts.scenario->GetDescriptor()) {
    donor = nullptr;
  }
  std::unique_ptr<Message> own;
  if (donor == nullptr) {
    own.reset(parts.scenario->New());
    own->CopyFrom(*parts.scenario);
    donor = own.get();
  }
  const google::protobuf::Reflection& dr = *donor->GetReflection();
  const int source_count = dr.FieldSize(*donor, parts.actions);
  const int count = parts.action_count();
  const int room = static_cast<int>(context.actions_max) - count;
  if (source_count == 0 || room <= 0) return false;
  const int length_max = std::min({source_count, room, kSpliceLengthMax});
  const int length = 1 + static_cast<int>(context.prng.UniformBelow(length_max));
  const int from = static_cast<int>(context.prng.UniformBelow(source_count - length + 1));
  const int at = static_cast<int>(context.prng.UniformBelow(static_cast<uint64_t>(count) + 1));
  int inserted = 0;
  for (int i = 0; i < length; ++i) {
    Message* action = InsertActionAt(parts, at + inserted);
    action->CopyFrom(dr.GetRepeatedMessage(*donor, parts.actions, from + i));
    if (RepairIndices(*action, context.shape).fits) {
      ++inserted;
    } else {
      EraseActionRange(parts, at + inserted, at + inserted + 1);  // cannot run here
    }
  }
  MIGSIM_CHECK(parts.action_count() == count + inserted);
  return inserted > 0;
}

}  // namespace migsim::mutators
