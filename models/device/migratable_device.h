// File: models/device/migratable_device.h
//
// MigratableDevice: the base of every device with a migration interface (v1
// region or v2 uAPI). It owns what both share: the InternalState a migration
// must carry, DeviceWork (ticks, DMA, P2P, interrupts, BAR accesses) gated by
// the Activity the variant's current state allows, armed failures, and the
// VFIO_DEVICE_RESET / open / close entry points the shared device actions
// call. Subclasses implement their uAPI and their state's Activity.
//
// Zoo mutants (models/zoo/) subclass a reference model and override one
// step, so keep per-step behaviour in virtual methods.
#ifndef MIGSIM_MODELS_DEVICE_MIGRATABLE_DEVICE_H_
#define MIGSIM_MODELS_DEVICE_MIGRATABLE_DEVICE_H_

#include <cstdint>

#include "models/device/device_work.h"
#include "models/device/failure_plan.h"
#include "models/device/internal_state.h"
#include "protos/scenario.pb.h"
#include "sim/sim_device.h"

namespace migsim {

class MigratableDevice : public SimDevice {
 public:
  MigratableDevice(uint32_t index, uint16_t host, uint64_t bar_size,
                   const proto::DeviceInternals& internals);

  // SimDevice, shared: ticks and accesses gated by CurrentActivity().
  void OnStart(World& world) override;
  void OnEvent(World& world, const Event& event) override;
  void OnDmaRequest(World& world, const DmaRequest& request) override;
  void OnDmaDone(World& world, const DmaCompletion& completion) override;
  uint64_t OnBarAccess(World& world, const BarAccess& access) override;
  uint64_t Digest() const override;

  // The specification text this device claims to follow.
  virtual proto::SpecVariant variant() const = 0;
  // What the current migration state allows the device to do.
  virtual Activity CurrentActivity() const = 0;
  // VFIO_DEVICE_RESET: back to RUNNING from any state, data sessions ended.
  // Records kRecordDeviceReset.
  virtual void Reset(World& world) = 0;
  // A fresh open is RUNNING (kRecordDeviceOpen); close ends every session
  // (kRecordDeviceClose).
  virtual void Open(World& world) = 0;
  virtual void Close(World& world) = 0;
  // ArmFailure action.
  void ArmFailure(World& world, const proto::ArmFailure& failure);

  InternalState& state() { return state_; }
  const InternalState& state() const { return state_; }
  DeviceWork& work() { return work_; }
  FailurePlan& failures() { return failures_; }

 protected:
  MigratableDevice(const MigratableDevice&) = default;
  // Events other than the shared tick.
  virtual void OnModelEvent(World& world, const Event& event);
  // Digest of the subclass's own state (its migration state machine).
  virtual uint64_t ModelDigest() const = 0;

  InternalState state_;
  DeviceWork work_;
  FailurePlan failures_;
};

}  // namespace migsim

#endif  // MIGSIM_MODELS_DEVICE_MIGRATABLE_DEVICE_H_
