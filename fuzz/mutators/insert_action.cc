// File: fuzz/mutators/insert_action.cc
#include "fuzz/input_parts.h"
#include "fuzz/mutators/action_list.h"
#include "fuzz/mutators/operators.h"
#include "sim/check.h"

namespace migsim::mutators {

bool InsertAction(Message& input, MutationContext& context) {
  const InputParts parts = PartsOf(input);
  if (parts.actions == nullptr) return false;
  const int count = parts.action_count();
  if (static_cast<size_t>(count) >= context.actions_max) return false;
  const int index = static_cast<int>(context.prng.UniformBelow(static_cast<uint64_t>(count) + 1));
  if (!InsertFreshAction(parts, index, context)) return false;
  MIGSIM_CHECK(parts.action_count() == count + 1);
  return true;
}

}  // namespace migsim::mutators
