// File: fuzz/interesting_values.h
//
// The boundary and interesting values of each FieldRole (fuzz/field_roles.h),
// as data: device_state bit patterns including reserved and invalid ones
// (models/v1/v1_uapi.h), every v2 state and invalid ones
// (models/v2/mig_fsm.h), the v1 header field offsets and the header end (32,
// or 64 for the RFC), data_offset candidates, sizes and offsets around page
// boundaries, VFIO_DEVICE_FEATURE flag words, errnos and u64 extremes.
#ifndef MIGSIM_FUZZ_INTERESTING_VALUES_H_
#define MIGSIM_FUZZ_INTERESTING_VALUES_H_

#include <cstdint>

#include "absl/types/span.h"
#include "fuzz/field_roles.h"

namespace migsim {

// The interesting values of `role`, in table order (never empty). Index
// roles, which draw within the topology instead, share kAny's table.
absl::Span<const uint64_t> InterestingValues(FieldRole role);

}  // namespace migsim

#endif  // MIGSIM_FUZZ_INTERESTING_VALUES_H_
