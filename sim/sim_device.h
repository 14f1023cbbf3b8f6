// File: sim/sim_device.h
//
// SimDevice: the engine's view of a device model. The engine knows nothing of
// VFIO; it delivers events, BAR accesses (vCPU MMIO and peer-to-peer DMA) and
// DMA completions to devices through this interface, and models in models/
// implement it. A device must put every observable effect into the trace
// through the World (sim/world.h): the oracle judges the trace, never the
// model's private state.
#ifndef MIGSIM_SIM_SIM_DEVICE_H_
#define MIGSIM_SIM_SIM_DEVICE_H_

#include <cstdint>
#include <memory>
#include "absl/strings/string_view.h"

#include "sim/event_queue.h"

namespace migsim {

class World;

// BarAccess: an access arriving at a device's BAR0.
struct BarAccess {
  bool write = false;
  bool from_peer = false;   // true: peer-to-peer DMA from device `initiator`
  uint32_t initiator = 0;   // vCPU index (MMIO) or peer device index (P2P)
  uint64_t offset = 0;      // bytes into the BAR
  uint64_t length = 0;      // bytes: 1/2/4/8 for MMIO, any for P2P
  uint64_t value = 0;       // MMIO write value, or P2P data digest
};

// DmaRequest: a DMA the device asks the fabric to perform.
struct DmaRequest {
  uint64_t iova = 0;
  uint64_t length = 0;      // bytes, > 0
  bool write = false;       // device -> memory
  uint64_t data_digest = 0; // content written (writes)
  uint64_t tag = 0;         // the device's own cookie, returned on completion
};

// DmaCompletion: what the fabric tells the issuing device when its DMA ends.
struct DmaCompletion {
  uint64_t dma_id = 0;
  DmaRequest request;
  int result = 0;           // 0, -EFAULT or -EPERM
  uint64_t read_digest = 0; // content read (successful reads)
};

// SimDevice: abstract. Owned by the World; Clone() makes World copyable.
class SimDevice {
 public:
  // `bar_size` is BAR0's size in bytes; the engine refuses accesses beyond it.
  SimDevice(uint32_t index, uint16_t host, uint64_t bar_size)
      : index_(index), host_(host), bar_size_(bar_size) {}
  virtual ~SimDevice() = default;

  // A deep copy with identical state.
  virtual std::unique_ptr<SimDevice> Clone() const = 0;
  // Short model name for traces ("dma_engine", "v1_reference", ...).
  virtual absl::string_view model_name() const = 0;
  // Digest of the model's whole state (for World::Digest).
  virtual uint64_t Digest() const = 0;

  // Called once, in device order, before the first action (schedule timers).
  virtual void OnStart(World& world) { static_cast<void>(world); }
  // An event scheduled with this device as target.
  virtual void OnEvent(World& world, const Event& event) = 0;
  // The guest's driver asks the device to perform `request` (a doorbell).
  virtual void OnDmaRequest(World& world, const DmaRequest& request) = 0;
  // One of this device's DMAs completed (or faulted).
  virtual void OnDmaDone(World& world, const DmaCompletion& completion) = 0;
  // An access to BAR0. Returns the value read (ignored for writes).
  virtual uint64_t OnBarAccess(World& world, const BarAccess& access) = 0;

  uint32_t index() const { return index_; }
  uint16_t host() const { return host_; }
  uint64_t bar_size() const { return bar_size_; }

 protected:
  SimDevice(const SimDevice&) = default;
  SimDevice& operator=(const SimDevice&) = default;

 private:
  uint32_t index_;
  uint16_t host_;
  uint64_t bar_size_;
};

}  // namespace migsim

#endif  // MIGSIM_SIM_SIM_DEVICE_H_
