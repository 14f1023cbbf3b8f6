// File: sim/event_loop.h
//
// The event loop: pops events in (time, seq) order, moves the clock and
// dispatches each event to the engine (DMA completion, vCPU tick) or to its
// target device. Bounds (WorldBounds) turn a run that never settles into a
// liveness failure instead of a hang.
#ifndef MIGSIM_SIM_EVENT_LOOP_H_
#define MIGSIM_SIM_EVENT_LOOP_H_

#include <cstdint>

#include "sim/event_queue.h"

namespace migsim {

class World;

// Runs every event due within the next `ns` nanoseconds, then sets the clock
// to now + ns. Returns false (leaving the clock at the last event run) when a
// bound was hit; World::liveness_failure() then says which.
bool RunFor(World& world, SimTime ns);

// Runs exactly one due event, if any. Returns false when the queue is empty or
// a bound was hit.
bool StepOne(World& world);

}  // namespace migsim

#endif  // MIGSIM_SIM_EVENT_LOOP_H_
