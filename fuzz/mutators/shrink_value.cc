// File: fuzz/mutators/shrink_value.cc
#include "fuzz/mutators/action_list.h"
#include "fuzz/mutators/operators.h"

namespace migsim::mutators {

bool ShrinkValue(Message& input, MutationContext& context) {
  constexpr int kTriesMax = 2;
  return ChangeOneScalar(
      PartsOf(input), context, kTriesMax,
      [&](const ScalarField& scalar, uint64_t before) -> std::optional<uint64_t> {
        if (before == 0) return std::nullopt;
        // Toward zero: half the time straight to it, else halve (a signed
        // field halves its magnitude).
        if (scalar.bits() == 1 || context.prng.Chance(1, 2)) return 0;
        const auto type = scalar.field->cpp_type();
        const bool is_signed = type == google::protobuf::FieldDescriptor::CPPTYPE_INT32 ||
                               type == google::protobuf::FieldDescriptor::CPPTYPE_INT64;
        return is_signed ? static_cast<uint64_t>(static_cast<int64_t>(before) / 2) : before / 2;
      });
}

}  // namespace migsim::mutators
