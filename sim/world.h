// File: sim/world.h
//
// World: one value holding everything that can change in a run: the clock,
// the event queue, the root PRNG, the trace, the hosts (guest RAM, IOMMU, CPU
// dirty log, vCPUs), the DMA fabric and the devices. There are no globals: a
// World can be copied (devices are cloned) and hashed, so a run can be forked
// and two states compared.
//
// Determinism: the root Prng is seeded from the scenario; hosts and devices
// get child seeds drawn in a fixed order at build time (sim/world_builder.h).
// Events at equal times run in scheduling order.
#ifndef MIGSIM_SIM_WORLD_H_
#define MIGSIM_SIM_WORLD_H_

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include "absl/types/span.h"
#include "sim/dirty_log.h"
#include "sim/dma_fabric.h"
#include "sim/event_queue.h"
#include "sim/guest_memory.h"
#include "sim/iommu.h"
#include "sim/prng.h"
#include "sim/sim_component.h"
#include "sim/sim_device.h"
#include "sim/trace.h"

namespace migsim {

struct Vcpu {
  bool running = false;
  uint64_t epoch = 0;      // bumped on every run/stop so stale ticks are ignored
};

// Host: one machine's guest-facing resources.
struct Host {
  std::string name;
  GuestMemory memory;
  Iommu iommu;
  DirtyLog cpu_dirty;      // pages stored to by vCPUs (the hypervisor's log)
  std::vector<Vcpu> vcpus;
  Prng prng;               // the host's own stream (vCPU store targets)
  uint64_t dma_latency_ns = 0;
  uint64_t vcpu_period_ns = 0;  // 0: vCPUs store only when an action says so
};

struct WorldBounds {
  uint64_t events_max = 0;
  SimTime time_ns_max = 0;
};

// World: see the file comment. Thread-compatible.
class World {
 public:
  World(uint64_t seed, WorldBounds bounds, size_t event_capacity);
  World(const World& other);
  World& operator=(const World& other);
  World(World&&) = default;
  World& operator=(World&&) = default;
  ~World() = default;

  SimTime now() const { return now_; }
  Prng& prng() { return prng_; }
  Trace& trace() { return trace_; }
  const Trace& trace() const { return trace_; }
  EventQueue& queue() { return queue_; }
  DmaFabric& fabric() { return fabric_; }
  const DmaFabric& fabric() const { return fabric_; }
  const WorldBounds& bounds() const { return bounds_; }

  std::vector<Host>& hosts() { return hosts_; }
  const std::vector<Host>& hosts() const { return hosts_; }
  Host& host(size_t i);
  size_t device_count() const { return devices_.size(); }
  SimDevice& device(size_t i);
  const SimDevice& device(size_t i) const;
  void AddHost(Host host) { hosts_.push_back(std::move(host)); }
  // REQUIRES: device->index() == device_count() and its host exists.
  void AddDevice(std::unique_ptr<SimDevice> device);

  // Components (sim/sim_component.h), in the order added. AddComponent
  // returns the index; events for it target ComponentTarget(index).
  uint32_t AddComponent(std::unique_ptr<SimComponent> component);
  size_t component_count() const { return components_.size(); }
  SimComponent& component(size_t i);
  // The component named `name`, or nullptr.
  SimComponent* FindComponent(absl::string_view name);

  // The scenario action being executed; stamped on every record.
  int32_t action_index() const { return action_index_; }
  void set_action_index(int32_t index) { action_index_ = index; }

  // Appends a record stamped with now() and action_index(). REQUIRES: at most
  // six args.
  uint64_t Record(uint16_t kind, uint16_t host, uint32_t device, int32_t result,
                  std::initializer_list<uint64_t> args,
                  absl::Span<const uint64_t> payload = {});

  // Schedules an event `delay_ns` from now. When the queue is full the event
  // is dropped and the run is marked as a liveness failure.
  void Schedule(SimTime delay_ns, uint32_t target, uint32_t type, uint64_t a, uint64_t b);

  // Moves the clock. REQUIRES: time_ns >= now().
  void set_now(SimTime time_ns);

  uint64_t events_run() const { return events_run_; }
  void count_event() { ++events_run_; }

  // A liveness failure ("pending: ..."): a bound was hit. Empty when none.
  const std::string& liveness_failure() const { return liveness_failure_; }
  void FailLiveness(std::string reason);

  // Digest of the whole state (excluding the trace's stored records, including
  // its hash).
  uint64_t Digest() const;

 private:
  SimTime now_ = 0;
  Prng prng_;
  EventQueue queue_;
  Trace trace_;
  std::vector<Host> hosts_;
  DmaFabric fabric_;
  std::vector<std::unique_ptr<SimDevice>> devices_;
  std::vector<std::unique_ptr<SimComponent>> components_;
  WorldBounds bounds_;
  int32_t action_index_ = kNoAction;
  uint64_t events_run_ = 0;
  std::string liveness_failure_;
};

}  // namespace migsim

#endif  // MIGSIM_SIM_WORLD_H_
