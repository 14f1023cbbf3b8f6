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
  const InputParts parts = PartsOf(input);
  ScalarField scalar;
  if (!PickScalar(parts, context, &scalar)) return false;
  const uint64_t before = scalar.Get();
  const FieldRole role = RoleOf(*scalar.field);
  uint64_t next = scalar.bits() == 1 ? (before ^ 1) : Nudge(before, scalar.bits(), context.prng);
  // An index moves to the next device (host, vCPU) instead, so it stays valid.
  const uint32_t range = role == FieldRole::kDeviceIndex ? context.shape.devices
                         : role == FieldRole::kHostIndex ? context.shape.hosts
                         : role == FieldRole::kVcpuIndex ? context.shape.vcpus_min
                                                         : 0;
  if (range != 0) next = (before + 1) % range;
  scalar.Set(next);
  if (scalar.Get() != before) return true;
  scalar.Set(before);  // e.g. a closed enum that maps back, or a one-device topology
  return false;
}

}  // namespace migsim::mutators
