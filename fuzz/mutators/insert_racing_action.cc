// File: fuzz/mutators/insert_racing_action.cc
#include <vector>

#include "fuzz/action_factory.h"
#include "fuzz/field_roles.h"
#include "fuzz/input_parts.h"
#include "fuzz/kind_roles.h"
#include "fuzz/mutators/action_list.h"
#include "fuzz/mutators/operators.h"
#include "fuzz/scalar_field.h"
#include "sim/check.h"

namespace migsim::mutators {
namespace {

using google::protobuf::FieldDescriptor;

// The "device" field of `action`'s kind message: a pointer to it, or a
// default ScalarField (message nullptr) when the kind has none.
ScalarField DeviceOf(Message& action) {
  const FieldDescriptor* kind = KindOf(action);
  if (kind == nullptr || kind->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) return {};
  Message* sub = action.GetReflection()->MutableMessage(&action, kind);
  const FieldDescriptor* device = sub->GetDescriptor()->FindFieldByName("device");
  if (device == nullptr || device->is_repeated() ||
      device->cpp_type() != FieldDescriptor::CPPTYPE_UINT32) {
    return {};
  }
  return {sub, device, -1};
}

// The kinds of `oneof` with role `role`.
std::vector<const FieldDescriptor*> KindsWithRole(const google::protobuf::OneofDescriptor& oneof,
                                                  KindRole role) {
  std::vector<const FieldDescriptor*> kinds;
  for (int i = 0; i < oneof.field_count(); ++i) {
    if (KindRoleOf(*oneof.field(i)) == role) kinds.push_back(oneof.field(i));
  }
  return kinds;
}

}  // namespace

bool InsertRacingAction(Message& input, MutationContext& context) {
  const InputParts parts = PartsOf(input);
  const int count = parts.action_count();
  if (count == 0 || static_cast<size_t>(count) >= context.actions_max) return false;
  std::vector<int> candidates;
  for (int i = 0; i < count; ++i) {
    const FieldDescriptor* kind = KindOf(*parts.action(i));
    if (kind != nullptr && KindRoleOf(*kind) != KindRole::kOther) candidates.push_back(i);
  }
  if (candidates.empty()) return false;
  const int at = candidates[context.prng.UniformBelow(candidates.size())];
  Message& anchor = *parts.action(at);
  const KindRole want = KindRoleOf(*KindOf(anchor)) == KindRole::kIssuesDma
                            ? KindRole::kChangesState
                            : KindRole::kIssuesDma;
  const std::vector<const FieldDescriptor*> kinds =
      KindsWithRole(*KindOf(anchor)->containing_oneof(), want);
  if (kinds.empty()) return false;
  const FieldDescriptor& kind = *kinds[context.prng.UniformBelow(kinds.size())];
  const ScalarField anchor_device = DeviceOf(anchor);
  const bool has_device = anchor_device.message != nullptr;
  const uint64_t device = has_device ? anchor_device.Get() : 0;
  Message* fresh = InsertActionAt(parts, at + 1);
  if (!NewActionOfKind(*fresh, kind, context)) {
    EraseActionRange(parts, at + 1, at + 2);
    return false;
  }
  // The same device as the anchor, when both name one (and it fits).
  if (const ScalarField mine = DeviceOf(*fresh); has_device && mine.message != nullptr) {
    mine.Set(device);
    if (!RepairIndices(*fresh, context.shape).fits) {
      EraseActionRange(parts, at + 1, at + 2);
      return false;
    }
  }
  MIGSIM_CHECK(parts.action_count() == count + 1);
  return true;
}

}  // namespace migsim::mutators
