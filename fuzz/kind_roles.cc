// File: fuzz/kind_roles.cc
#include "fuzz/kind_roles.h"

#include "absl/strings/string_view.h"

namespace migsim {
namespace {

struct KindRow {
  absl::string_view kind;  // the Action oneof field name
  KindRole role;
};

constexpr KindRow kKindRows[] = {
    {"device_dma", KindRole::kIssuesDma},       // a guest doorbell: one DMA, in flight at once
    {"advance_time", KindRole::kIssuesDma},     // ticking devices issue and complete DMA
    {"guest_mmio", KindRole::kIssuesDma},       // a register write a device reacts to
    {"v1_set_state", KindRole::kChangesState},  // device_state through QEMU's RMW
    {"v2_set_state", KindRole::kChangesState},  // VFIO_DEVICE_FEATURE(SET | MIG_DEVICE_STATE)
    {"reset", KindRole::kChangesState},         // VFIO_DEVICE_RESET
    {"close", KindRole::kChangesState},         // ends every data session
};

}  // namespace

KindRole KindRoleOf(const google::protobuf::FieldDescriptor& kind) {
  for (const KindRow& row : kKindRows) {
    if (row.kind == kind.name()) return row.role;
  }
  return KindRole::kOther;
}

}  // namespace migsim
