// File: fuzz/mutators/set_interesting_value.cc
#include "fuzz/field_roles.h"
#include "fuzz/mutators/action_list.h"
#include "fuzz/mutators/operators.h"

namespace migsim::mutators {

bool SetInterestingValue(Message& input, MutationContext& context) {
  // A few draws: the table may hold the current value (FuzzTest's "make
  // sure Mutate really mutates").
  constexpr int kDrawsMax = 8;
  return ChangeOneScalar(PartsOf(input), context, kDrawsMax,
                         [&](const ScalarField& scalar, uint64_t) -> std::optional<uint64_t> {
                           return DrawForField(*scalar.field, context.shape, context.prng);
                         });
}

}  // namespace migsim::mutators
