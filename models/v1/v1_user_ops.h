// File: models/v1/v1_user_ops.h
//
// The user application's raw operations on a v1 migration region: read(2)
// and write(2) of the header, and accesses to the data window. Each goes to
// the device (models/v1/v1_device.h), which records it, and updates what the
// user knows (models/v1/v1_user_state.h); a segment read in full is kept in
// SavedStreams. On a device without a migration region (not V1_DEVICE) the
// operation is recorded with -EINVAL and does nothing else: the kernel finds
// no VFIO_REGION_TYPE_MIGRATION region.
#ifndef MIGSIM_MODELS_V1_V1_USER_OPS_H_
#define MIGSIM_MODELS_V1_V1_USER_OPS_H_

#include <cstdint>
#include <vector>

#include "absl/types/span.h"
#include "models/v1/v1_device.h"
#include "sim/world.h"

namespace migsim::v1 {

// The device's V1Device, or nullptr when it has no migration region.
V1Device* FindV1Device(World& world, uint32_t device);

// Each returns 0 or the -errno the device answered. REQUIRES: `device`
// exists; width in {1, 2, 4, 8}.
int UserRead(World& world, uint32_t device, uint64_t offset, uint32_t width, uint64_t& value);
int UserWrite(World& world, uint32_t device, uint64_t offset, uint32_t width, uint64_t value);
int UserWindowRead(World& world, uint32_t device, const WindowAccess& access, uint64_t length,
                   std::vector<uint8_t>& out);
int UserWindowWrite(World& world, uint32_t device, const WindowAccess& access,
                    absl::Span<const uint8_t> bytes);

}  // namespace migsim::v1

#endif  // MIGSIM_MODELS_V1_V1_USER_OPS_H_
