// File: models/v1/v1_user_ops.cc
#include "models/v1/v1_user_ops.h"

#include <cerrno>

#include "models/v1/v1_records.h"
#include "models/v1/v1_user_state.h"
#include "models/vmm/saved_streams.h"
#include "sim/check.h"

namespace migsim::v1 {
namespace {

// Records an access to a device that has no migration region.
int NoRegion(World& world, uint32_t device, uint16_t kind, uint64_t offset, uint64_t length,
             uint64_t value) {
  world.Record(kind, world.device(device).host(), device, -EINVAL, {offset, length, value});
  return -EINVAL;
}

void SaveIfComplete(World& world, uint32_t device, uint64_t offset,
                    absl::Span<const uint8_t> bytes) {
  if (auto segment = V1UserState::Of(world).SawWindowBytes(device, offset, bytes)) {
    SavedStreams::Of(world).Append(device, *std::move(segment));
  }
}

bool IsSaving(std::optional<uint32_t> s) {
  return s && (*s & kSaving) != 0 && (*s & kResuming) == 0;
}

}  // namespace

V1Device* FindV1Device(World& world, uint32_t device) {
  MIGSIM_CHECK(device < world.device_count()) << "device=" << device;
  return dynamic_cast<V1Device*>(&world.device(device));
}

int UserRead(World& world, uint32_t device, uint64_t offset, uint32_t width, uint64_t& value) {
  value = 0;
  V1Device* d = FindV1Device(world, device);
  if (d == nullptr) return NoRegion(world, device, kRecordRegionRead, offset, width, 0);
  const int r = d->ReadRegion(world, offset, width, value);
  if (r != 0) return r;
  V1UserState& user = V1UserState::Of(world);
  if (offset >= d->layout().header_bytes) {
    uint8_t bytes[8];
    for (uint32_t i = 0; i < width; ++i) bytes[i] = static_cast<uint8_t>(value >> (8 * i));
    SaveIfComplete(world, device, offset, {bytes, width});
  } else if (offset == kOffsetDeviceState && width == 4) {
    user.SawState(device, static_cast<uint32_t>(value));
  } else if (offset == kOffsetDataOffset && IsSaving(user.known_state(device))) {
    user.SawDataOffset(device, value);
  } else if (offset == kOffsetDataSize && IsSaving(user.known_state(device))) {
    user.SawDataSize(device, value);
  }
  return 0;
}

int UserWrite(World& world, uint32_t device, uint64_t offset, uint32_t width, uint64_t value) {
  V1Device* d = FindV1Device(world, device);
  if (d == nullptr) return NoRegion(world, device, kRecordWriteEnd, offset, width, value);
  V1UserState& user = V1UserState::Of(world);
  const std::optional<uint32_t> before = user.known_state(device);
  const int r = d->WriteRegion(world, offset, width, value);
  if (offset != kOffsetDeviceState || width != 4) return r;
  if (r != 0) {
    user.ForgetState(device);  // QEMU re-reads device_state after a failed write
    return r;
  }
  const auto state = static_cast<uint32_t>(value);
  if ((state & kSaving) != 0 && (!before || (*before & kSaving) == 0)) {
    SavedStreams::Of(world).Reset(device);  // a new SAVING session: a new stream
  }
  user.SawState(device, state);
  return 0;
}

int UserWindowRead(World& world, uint32_t device, const WindowAccess& access, uint64_t length,
                   std::vector<uint8_t>& out) {
  out.clear();
  V1Device* d = FindV1Device(world, device);
  if (d == nullptr) return NoRegion(world, device, kRecordWindowRead, access.offset, length, 0);
  const int r = d->ReadWindow(world, access, length, out);
  if (r == 0) SaveIfComplete(world, device, access.offset, out);
  return r;
}

int UserWindowWrite(World& world, uint32_t device, const WindowAccess& access,
                    absl::Span<const uint8_t> bytes) {
  V1Device* d = FindV1Device(world, device);
  if (d == nullptr) {
    return NoRegion(world, device, kRecordWindowWrite, access.offset, bytes.size(), 0);
  }
  return d->WriteWindow(world, access, bytes);
}

}  // namespace migsim::v1
