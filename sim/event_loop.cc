// File: sim/event_loop.cc
#include "sim/event_loop.h"

#include <string>

#include "sim/check.h"
#include "sim/dma_fabric.h"
#include "sim/guest_cpu.h"
#include "sim/world.h"

namespace migsim {
namespace {

bool WithinBounds(World& world, SimTime next_time) {
  if (world.events_run() >= world.bounds().events_max) {
    world.FailLiveness("pending: event bound reached (" +
                       std::to_string(world.bounds().events_max) + " events)");
    return false;
  }
  if (next_time > world.bounds().time_ns_max) {
    world.FailLiveness("pending: time bound reached (" +
                       std::to_string(world.bounds().time_ns_max) + " ns)");
    return false;
  }
  return world.liveness_failure().empty();
}

void Dispatch(World& world, const Event& event) {
  if (event.target != kEngineTarget && event.target >= kComponentTargetBase) {
    world.component(event.target - kComponentTargetBase).OnEvent(world, event);
    return;
  }
  if (event.target != kEngineTarget) {
    world.device(event.target).OnEvent(world, event);
    return;
  }
  switch (static_cast<EngineEventType>(event.type)) {
    case kEngineEventDmaComplete:
      CompleteDma(world, event.a);
      return;
    case kEngineEventVcpuTick:
      VcpuTick(world, static_cast<uint16_t>(event.a), static_cast<uint32_t>(event.b >> 32),
               static_cast<uint32_t>(event.b));
      return;
  }
  MIGSIM_CHECK(false) << "unknown engine event type " << event.type;
}

}  // namespace

bool StepOne(World& world) {
  if (world.queue().empty()) return false;
  const SimTime when = world.queue().Top().time_ns;
  if (!WithinBounds(world, when)) return false;
  const Event event = world.queue().Pop();
  world.set_now(event.time_ns);
  world.count_event();
  Dispatch(world, event);
  return world.liveness_failure().empty();
}

bool RunFor(World& world, SimTime ns) {
  MIGSIM_CHECK(world.now() + ns >= world.now()) << "ns=" << ns;
  const SimTime until = world.now() + ns;
  while (!world.queue().empty() && world.queue().Top().time_ns <= until) {
    if (!StepOne(world)) return false;
  }
  if (!WithinBounds(world, until)) return false;
  world.set_now(until);
  return true;
}

}  // namespace migsim
