// File: fuzz/mutators/shrink_value.cc
#include "fuzz/mutators/action_list.h"
#include "fuzz/mutators/operators.h"

namespace migsim::mutators {

bool ShrinkValue(Message& input, MutationContext& context) {
  const InputParts parts = PartsOf(input);
  ScalarField scalar;
  if (!PickScalar(parts, context, &scalar)) return false;
  const uint64_t before = scalar.Get();
  if (before == 0) return false;
  // Toward zero: half the time straight to it, else halve (for a signed
  // field, halve its magnitude).
  const auto as_signed = static_cast<int64_t>(before);
  const bool is_signed =
      scalar.field->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_INT32 ||
      scalar.field->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_INT64;
  uint64_t next = 0;
  if (scalar.bits() > 1 && context.prng.Chance(1, 2)) {
    next = is_signed ? static_cast<uint64_t>(as_signed / 2) : before / 2;
  }
  scalar.Set(next);
  if (scalar.Get() != before) return true;
  scalar.Set(before);
  return false;
}

}  // namespace migsim::mutators
