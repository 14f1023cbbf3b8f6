// File: sim/sim_component.h
//
// SimComponent: a piece of simulated state that is not a device but must
// live in the World so that the World stays one copyable, hashable value:
// the user application's buffers (saved migration streams), VMM flows with
// their program counters, the migration channel between hosts. Components
// receive events addressed to ComponentTarget(index).
#ifndef MIGSIM_SIM_SIM_COMPONENT_H_
#define MIGSIM_SIM_SIM_COMPONENT_H_

#include <cstdint>
#include <memory>

#include "absl/strings/string_view.h"
#include "sim/event_queue.h"

namespace migsim {

class World;

// Event targets at or above this value address components.
inline constexpr uint32_t kComponentTargetBase = 0x80000000u;
constexpr uint32_t ComponentTarget(uint32_t index) { return kComponentTargetBase + index; }

class SimComponent {
 public:
  virtual ~SimComponent() = default;
  virtual std::unique_ptr<SimComponent> Clone() const = 0;
  // A unique name; World::FindComponent looks components up by it.
  virtual absl::string_view name() const = 0;
  virtual uint64_t Digest() const = 0;
  virtual void OnEvent(World& world, const Event& event) {
    static_cast<void>(world);
    static_cast<void>(event);
  }

 protected:
  SimComponent() = default;
  SimComponent(const SimComponent&) = default;
  SimComponent& operator=(const SimComponent&) = default;
};

}  // namespace migsim

#endif  // MIGSIM_SIM_SIM_COMPONENT_H_
