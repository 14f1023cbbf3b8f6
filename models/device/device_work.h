// File: models/device/device_work.h
//
// DeviceWork: what a migratable device does on its own, shared by the v1 and
// v2 models: a periodic tick that advances its InternalState, DMA-writes a
// completion into the guest ring, writes a doorbell into a peer's BAR every
// p2p_every ticks (peer-to-peer DMA) and raises an interrupt when a DMA
// completes; guest-requested DMA; and MMIO / P2P accesses arriving at BAR0.
// The variant-specific model decides, from its migration state, which of
// these its current state allows (Activity); DeviceWork does exactly that
// and records every internal change.
//
// May inject: nothing. Promises never to: DMA, interrupt or change internal
// state when the Activity passed forbids it.
#ifndef MIGSIM_MODELS_DEVICE_DEVICE_WORK_H_
#define MIGSIM_MODELS_DEVICE_DEVICE_WORK_H_

#include <cstdint>

#include "absl/status/status.h"
#include "models/device/internal_state.h"
#include "protos/scenario.pb.h"
#include "sim/sim_device.h"

namespace migsim {

class World;

// What the device's current migration state allows.
struct Activity {
  bool advance = false;     // change internal state (ticks)
  bool dma = false;         // initiate DMA to RAM
  bool p2p = false;         // initiate peer-to-peer DMA
  bool interrupts = false;  // raise interrupts
  bool accept_mmio = false; // apply MMIO / P2P writes (else discard, read all ones)
};

// The device event type DeviceWork uses for its tick; models must route it.
inline constexpr uint32_t kEventDeviceTick = 1;

// DMA tags, so completions can be told apart.
enum DmaTag : uint64_t { kTagRing = 1, kTagP2pDoorbell = 2, kTagGuestRequest = 3 };

// Validates DeviceInternals; errors name `path` + ".internals.<field>".
absl::Status ValidateInternals(const proto::DeviceInternals& p, const std::string& path);

// DeviceWork: value type, part of a device model.
class DeviceWork {
 public:
  explicit DeviceWork(const proto::DeviceInternals& params);

  // Schedules the first tick (when tick_ns is set).
  void Start(World& world, uint32_t device) const;
  // A kEventDeviceTick: does one unit of work if allowed, then reschedules.
  void OnTick(World& world, uint32_t device, InternalState& state, const Activity& allowed);
  // A guest doorbell: issues the DMA when allowed, else records it declined.
  void OnDmaRequest(World& world, uint32_t device, const DmaRequest& request,
                    const Activity& allowed) const;
  // A DMA of this device completed: reads fold into internal state (when
  // allowed to advance); an interrupt is raised when allowed.
  void OnDmaDone(World& world, uint32_t device, InternalState& state,
                 const DmaCompletion& completion, const Activity& allowed) const;
  // A BAR0 access (vCPU MMIO or P2P). Returns the value read.
  uint64_t OnBarAccess(World& world, uint32_t device, InternalState& state,
                       const BarAccess& access, const Activity& allowed) const;

  uint32_t ring_entries() const { return ring_entries_; }
  uint32_t state_words() const { return state_words_; }
  bool precopy_logging() const { return !params_.no_precopy_logging(); }
  uint64_t ticks() const { return ticks_; }

 private:
  proto::DeviceInternals params_;
  uint32_t ring_entries_;
  uint32_t state_words_;
  uint64_t ticks_ = 0;
};

// Records kRecordInternalChange for `device` after a change of `chunk`.
void RecordInternalChange(World& world, uint32_t device, const InternalState& state,
                          uint32_t chunk, uint64_t cause);

}  // namespace migsim

#endif  // MIGSIM_MODELS_DEVICE_DEVICE_WORK_H_
