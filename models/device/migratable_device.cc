// File: models/device/migratable_device.cc
#include "models/device/migratable_device.h"

#include "sim/check.h"
#include "sim/hash.h"

namespace migsim {

MigratableDevice::MigratableDevice(uint32_t index, uint16_t host, uint64_t bar_size,
                                   const proto::DeviceInternals& internals)
    : SimDevice(index, host, bar_size),
      state_(DeviceWork(internals).state_words()),
      work_(internals) {}

void MigratableDevice::OnStart(World& world) { work_.Start(world, index()); }

void MigratableDevice::OnEvent(World& world, const Event& event) {
  if (event.type == kEventDeviceTick) {
    work_.OnTick(world, index(), state_, CurrentActivity());
    return;
  }
  OnModelEvent(world, event);
}

void MigratableDevice::OnModelEvent(World& world, const Event& event) {
  static_cast<void>(world);
  MIGSIM_CHECK(false) << "unhandled event type " << event.type << " for device " << index();
}

void MigratableDevice::OnDmaRequest(World& world, const DmaRequest& request) {
  work_.OnDmaRequest(world, index(), request, CurrentActivity());
}

void MigratableDevice::OnDmaDone(World& world, const DmaCompletion& completion) {
  work_.OnDmaDone(world, index(), state_, completion, CurrentActivity());
}

uint64_t MigratableDevice::OnBarAccess(World& world, const BarAccess& access) {
  return work_.OnBarAccess(world, index(), state_, access, CurrentActivity());
}

uint64_t MigratableDevice::Digest() const {
  uint64_t d = HashCombine(state_.Digest(), state_.dirty_count());
  d = HashCombine(d, work_.ticks());
  d = HashCombine(d, failures_.Digest());
  return HashCombine(d, ModelDigest());
}

void MigratableDevice::ArmFailure(World& world, const proto::ArmFailure& failure) {
  failures_.Arm(world, index(), failure);
}

}  // namespace migsim
