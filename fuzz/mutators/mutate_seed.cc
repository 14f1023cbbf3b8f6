// File: fuzz/mutators/mutate_seed.cc
#include "fuzz/field_roles.h"
#include "fuzz/input_parts.h"
#include "fuzz/mutators/operators.h"
#include "fuzz/scalar_field.h"

namespace migsim::mutators {

bool MutateSeed(Message& input, MutationContext& context) {
  const InputParts parts = PartsOf(input);
  if (parts.seed == nullptr) return false;
  const ScalarField seed{parts.scenario, parts.seed, -1};
  const uint64_t before = seed.Get();
  // Neighbouring seeds half the time: the same run with one draw changed.
  const uint64_t next = context.prng.Chance(1, 2) ? before + 1 + context.prng.UniformBelow(4)
                                                  : DrawValue(FieldRole::kSeed, {}, context.prng);
  seed.Set(next);
  if (seed.Get() != before) return true;
  seed.Set(before);
  return false;
}

}  // namespace migsim::mutators
