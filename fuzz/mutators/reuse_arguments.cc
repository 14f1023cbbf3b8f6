// File: fuzz/mutators/reuse_arguments.cc
#include <string>

#include "fuzz/field_roles.h"
#include "fuzz/input_parts.h"
#include "fuzz/mutators/action_list.h"
#include "fuzz/mutators/operators.h"

namespace migsim::mutators {

bool ReuseArguments(Message& input, MutationContext& context) {
  const InputParts parts = PartsOf(input);
  const int count = parts.action_count();
  if (count < 2) return false;
  const int from = static_cast<int>(context.prng.UniformBelow(count));
  int to = static_cast<int>(context.prng.UniformBelow(count - 1));
  if (to >= from) ++to;
  Message* action = parts.action(to);
  const std::string before = action->SerializePartialAsString();
  if (!CopySharedArguments(*parts.action(from), *action) ||
      !RepairIndices(*action, context.shape).fits || action->SerializePartialAsString() == before) {
    action->ParsePartialFromString(before);
    return false;
  }
  return true;
}

}  // namespace migsim::mutators
