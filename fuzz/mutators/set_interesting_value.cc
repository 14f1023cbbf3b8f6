// File: fuzz/mutators/set_interesting_value.cc
#include "fuzz/field_roles.h"
#include "fuzz/mutators/action_list.h"
#include "fuzz/mutators/operators.h"

namespace migsim::mutators {

bool SetInterestingValue(Message& input, MutationContext& context) {
  const InputParts parts = PartsOf(input);
  ScalarField scalar;
  if (!PickScalar(parts, context, &scalar)) return false;
  const uint64_t before = scalar.Get();
  // A few draws: the table may hold the current value (FuzzTest's "make
  // sure Mutate really mutates").
  constexpr int kDrawsMax = 8;
  for (int draw = 0; draw < kDrawsMax; ++draw) {
    scalar.Set(DrawForField(*scalar.field, context.shape, context.prng));
    if (scalar.Get() != before) return true;
  }
  scalar.Set(before);
  return false;
}

}  // namespace migsim::mutators
