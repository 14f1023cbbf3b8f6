// File: fuzz/mutators/swap_actions.cc
#include "fuzz/input_parts.h"
#include "fuzz/mutators/operators.h"
#include "sim/check.h"

namespace migsim::mutators {

bool SwapActions(Message& input, MutationContext& context) {
  const InputParts parts = PartsOf(input);
  const int count = parts.action_count();
  if (count < 2) return false;
  // Half the time neighbours (a local reordering), else any pair.
  const int a = static_cast<int>(context.prng.UniformBelow(count));
  int b = 0;
  if (context.prng.Chance(1, 2)) {
    b = a + 1 < count ? a + 1 : a - 1;
  } else {
    b = static_cast<int>(context.prng.UniformBelow(count - 1));
    if (b >= a) ++b;
  }
  MIGSIM_CHECK(a != b && b >= 0 && b < count) << a << " " << b;
  if (SameMessage(*parts.action(a), *parts.action(b))) return false;  // no real change
  parts.scenario->GetReflection()->SwapElements(parts.scenario, parts.actions, a, b);
  return true;
}

}  // namespace migsim::mutators
