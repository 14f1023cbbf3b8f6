// File: fuzz/field_roles.h
//
// FieldRole: what an integer field of the action language means to the
// mutator, looked up by (message, field) name in one table (kRoleRows in
// field_roles.cc); each role's boundary and interesting values are in
// fuzz/interesting_values.h. A field no row names is kAny: bit patterns and
// extremes. So a new action kind gets sensible values from its field names
// alone, and any integer field gets the generic ones.
//
// Index roles (device, host, vCPU) draw within the TopologyShape, and
// RepairIndices folds every index of a message into it.
#ifndef MIGSIM_FUZZ_FIELD_ROLES_H_
#define MIGSIM_FUZZ_FIELD_ROLES_H_

#include <cstdint>

#include "absl/types/span.h"
#include "fuzz/mutation_context.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "sim/prng.h"

namespace migsim {

enum class FieldRole : uint8_t {
  kAny,              // bit patterns, type extremes
  kDeviceIndex,      // topology.devices index
  kHostIndex,        // topology.hosts index
  kVcpuIndex,        // vCPU index within a host
  kV2State,          // enum vfio_device_mig_state (and invalid values)
  kV1DeviceState,    // v1 device_state bits (and reserved / invalid patterns)
  kV1RegisterValue,  // a value written to the v1 header: device_state or data_size
  kV1RegionOffset,   // v1 header field offsets and the header end
  kWindowOffset,     // v1 data section offsets: data_offset candidates
  kWidth,            // access widths 1, 2, 4, 8 (and invalid)
  kPieceBytes,       // v1 window piece size: 0 (QEMU's split), 1, 2, 4, 8
  kBytes,            // lengths and sizes around page boundaries
  kAddress,          // IOVA, GPA around page boundaries, u64 extremes
  kBarOffset,        // a BAR offset: every device register (models/device/internal_state.h),
                     // misaligned ones, the BAR's end
  kTimeNs,           // simulated nanoseconds
  kCount,            // small loop bounds and skip counts
  kErrno,            // errno values (1..133, 0 = default, 134 invalid)
  kFdSlot,           // data_fd selection (0 = most recent)
  kFeatureFlags,     // VFIO_DEVICE_FEATURE flags: feature index | GET/SET/PROBE
  kArgsz,            // argsz in bytes
  kPageSize,         // page sizes (bytes), valid and not
  kPfn,              // page frame numbers and page counts
  kSeed,             // the scenario's seed
};

// The role of `field` (declared in `field->containing_type()`).
FieldRole RoleOf(const google::protobuf::FieldDescriptor& field);

// One interesting value of `role`: an index in range for index roles (or,
// with an unknown shape, 0..2), else a table value, or for kSeed and kAny
// now and then a uniformly random 64-bit value.
uint64_t DrawValue(FieldRole role, const TopologyShape& shape, Prng& prng);

// A value for `field`: a bool 0 or 1; an enum a defined number, or for an
// open (proto3) enum now and then one past the last (invalid input for the
// model to refuse); an integer DrawValue(RoleOf(field)).
uint64_t DrawForField(const google::protobuf::FieldDescriptor& field, const TopologyShape& shape,
                      Prng& prng);

// What RepairIndices did.
struct IndexRepair {
  bool changed = false;  // some index was folded into range
  bool fits = true;      // false: an index has no valid value at all in this
                         // topology (a vCPU on a host without vCPUs, a device
                         // of a topology without devices): the action cannot run
};

// Folds every device, host and vCPU index field of `message` (recursively)
// into `shape`'s ranges (value mod count). A vCPU index is folded into the
// vCPUs of the host its message names (a sibling `host` field, or the host
// of a sibling `device` field), else into the smallest host's. An unknown
// shape (hosts == 0) leaves every field alone.
IndexRepair RepairIndices(google::protobuf::Message& message, const TopologyShape& shape);

}  // namespace migsim

#endif  // MIGSIM_FUZZ_FIELD_ROLES_H_
