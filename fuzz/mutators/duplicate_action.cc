// File: fuzz/mutators/duplicate_action.cc
#include "fuzz/input_parts.h"
#include "fuzz/mutators/action_list.h"
#include "fuzz/mutators/operators.h"
#include "sim/check.h"

namespace migsim::mutators {

bool DuplicateAction(Message& input, MutationContext& context) {
  const InputParts parts = PartsOf(input);
  const int count = parts.action_count();
  if (count == 0 || static_cast<size_t>(count) >= context.actions_max) return false;
  const int index = static_cast<int>(context.prng.UniformBelow(count));
  Message* copy = InsertActionAt(parts, index + 1);
  copy->CopyFrom(*parts.action(index));
  MIGSIM_CHECK(parts.action_count() == count + 1);
  return true;
}

}  // namespace migsim::mutators
