// File: fuzz/mutators/replace_action.cc
#include <memory>

#include "fuzz/action_factory.h"
#include "fuzz/input_parts.h"
#include "fuzz/mutators/operators.h"

namespace migsim::mutators {

bool ReplaceAction(Message& input, MutationContext& context) {
  const InputParts parts = PartsOf(input);
  const int count = parts.action_count();
  if (count == 0) return false;
  Message* action = parts.action(static_cast<int>(context.prng.UniformBelow(count)));
  // A fresh action of another kind, so the input really changes.
  std::unique_ptr<Message> fresh(action->New());
  if (!NewAction(*fresh, context, KindOf(*action))) return false;
  action->CopyFrom(*fresh);
  return true;
}

}  // namespace migsim::mutators
