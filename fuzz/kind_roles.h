// File: fuzz/kind_roles.h
//
// KindRole: what an action kind does to a device's protocol, for the
// operators that build races (fuzz/mutators/insert_racing_action.cc), looked
// up by the kind's field name in Action's oneof in one table (kKindRows in
// kind_roles.cc), as field roles are (fuzz/field_roles.h). A kind no row
// names is kOther, so a new kind is mutated like any other until a row
// says what it does. Device bugs of the zoo live where the two meet: a
// state change while DMA is in flight (V2-STOP-NO-DMA, V1NDMA-QUIESCE-
// DRAINED, V2-P2P-OUTSTANDING-DONE) or DMA asked for right after one
// (V1NDMA-NDMA-NO-NEW-DMA).
#ifndef MIGSIM_FUZZ_KIND_ROLES_H_
#define MIGSIM_FUZZ_KIND_ROLES_H_

#include <cstdint>

#include "google/protobuf/descriptor.h"

namespace migsim {

enum class KindRole : uint8_t {
  kOther,
  kIssuesDma,     // starts DMA, or lets time pass while ticking devices do
  kChangesState,  // moves a device to another migration state (or resets it)
};

// The role of action kind `kind` (a member of the action type's oneof).
KindRole KindRoleOf(const google::protobuf::FieldDescriptor& kind);

}  // namespace migsim

#endif  // MIGSIM_FUZZ_KIND_ROLES_H_
