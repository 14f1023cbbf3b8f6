// File: fuzz/mutators/erase_actions.cc
#include "fuzz/input_parts.h"
#include "fuzz/mutators/action_list.h"
#include "fuzz/mutators/operators.h"
#include "sim/check.h"

namespace migsim::mutators {

bool EraseActions(Message& input, MutationContext& context) {
  const InputParts parts = PartsOf(input);
  const int count = parts.action_count();
  if (count == 0) return false;
  const int length = 1 + static_cast<int>(context.prng.UniformBelow(count / 4 + 1));
  MIGSIM_CHECK(length >= 1 && length <= count) << length << "/" << count;
  const int begin = static_cast<int>(context.prng.UniformBelow(count - length + 1));
  EraseActionRange(parts, begin, begin + length);
  return true;
}

}  // namespace migsim::mutators
