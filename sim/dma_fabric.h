// File: sim/dma_fabric.h
//
// DmaFabric: the DMA transactions devices have in flight, and the operations
// that move them: issue (a record and a completion event `dma_latency_ns`
// later), complete (IOMMU translation, the effect on guest RAM or on a peer's
// BAR, dirty logging, a record, and the device's OnDmaDone), and drain
// (complete every in-flight DMA of one device now, in issue order, as a driver
// does before an NDMA or !RUNNING transition returns).
//
// A DMA is translated page by page when it completes; if any page faults the
// whole transaction faults and has no effect (a simplification: real DMA may
// land partly). Interrupts are immediate records.
#ifndef MIGSIM_SIM_DMA_FABRIC_H_
#define MIGSIM_SIM_DMA_FABRIC_H_

#include <cstddef>
#include <cstdint>
#include <map>

#include "sim/event_queue.h"
#include "sim/sim_device.h"

namespace migsim {

class World;

// Engine event types (target kEngineTarget).
enum EngineEventType : uint32_t {
  kEngineEventDmaComplete = 1,  // a = dma id
  kEngineEventVcpuTick = 2,     // a = host, b = (vcpu << 32) | epoch
};

struct DmaTransaction {
  uint64_t id = 0;
  uint32_t device = 0;
  uint16_t host = 0;
  DmaRequest request;
  SimTime issue_ns = 0;
};

// DmaFabric: value type holding the in-flight transactions.
class DmaFabric {
 public:
  // In-flight transactions, ascending id (= issue order).
  const std::map<uint64_t, DmaTransaction>& in_flight() const { return in_flight_; }
  // Number of DMAs `device` has in flight.
  size_t InFlight(uint32_t device) const;
  uint64_t Digest() const;

 private:
  friend uint64_t IssueDma(World&, uint32_t, const DmaRequest&);
  friend void CompleteDma(World&, uint64_t);
  std::map<uint64_t, DmaTransaction> in_flight_;
  uint64_t next_id_ = 1;
};

// Issues `request` on behalf of `device`: records kRecordDmaIssue and
// schedules completion after the host's dma_latency_ns. Returns the DMA id.
// REQUIRES: request.length in [1, kDmaLengthMax].
uint64_t IssueDma(World& world, uint32_t device, const DmaRequest& request);

// Completes DMA `dma_id` now. A DMA no longer in flight (already drained) is
// ignored, which is how its stale completion event is absorbed.
void CompleteDma(World& world, uint64_t dma_id);

// Completes every DMA `device` has in flight, in issue order. Returns how many.
size_t DrainDma(World& world, uint32_t device);

// Records an interrupt raised by `device`.
void RaiseInterrupt(World& world, uint32_t device, uint64_t vector);

}  // namespace migsim

#endif  // MIGSIM_SIM_DMA_FABRIC_H_
