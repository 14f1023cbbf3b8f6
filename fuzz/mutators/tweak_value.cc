// File: fuzz/mutators/tweak_value.cc
#include "fuzz/field_roles.h"
#include "fuzz/mutators/action_list.h"
#include "fuzz/mutators/operators.h"

namespace migsim::mutators {
namespace {

// One small arithmetic or bitwise step from `value` in a field of `bits`.
uint64_t Nudge(uint64_t value, int bits, Prng& prng) {
  switch (prng.UniformBelow(6)) {
    case 0:
      return value + 1;
    case 1:
      return value - 1;
    case 2:
      return value + 1 + prng.UniformBelow(16);
    case 3:
      return value - 1 - prng.UniformBelow(16);
    case 4:
      return prng.Chance(1, 2) ? value << 1 : value >> 1;
    default:
      return value ^ (uint64_t{1} << prng.UniformBelow(static_cast<uint64_t>(bits)));
  }
}

}  // namespace

bool TweakValue(Message& input, MutationContext& context) {
  constexpr int kTriesMax = 4;
  return ChangeOneScalar(
      PartsOf(input), context, kTriesMax,
      [&](const ScalarField& scalar, uint64_t before) -> std::optional<uint64_t> {
        if (scalar.bits() == 1) return before ^ 1;
        // An index moves to its neighbour (repair folds it back into range).
        const FieldRole role = RoleOf(*scalar.field);
        if (role == FieldRole::kDeviceIndex || role == FieldRole::kHostIndex ||
            role == FieldRole::kVcpuIndex) {
          return before + 1;
        }
        return Nudge(before, scalar.bits(), context.prng);
      });
}

}  // namespace migsim::mutators
