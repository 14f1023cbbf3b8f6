// File: sim/event_queue.h
//
// EventQueue: the discrete-event simulator's agenda. Events are plain values
// ordered by (time_ns, seq), where seq is the queue's insertion counter, so
// events at the same simulated time run in the order they were scheduled,
// never in pointer or hash order. Events carry no callbacks: `target` and
// `type` name who handles them, so the queue (and the World holding it) can be
// copied and hashed.
#ifndef MIGSIM_SIM_EVENT_QUEUE_H_
#define MIGSIM_SIM_EVENT_QUEUE_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace migsim {

// Simulated time in nanoseconds since the start of the run.
using SimTime = uint64_t;

// The `target` of an event handled by the engine itself (DMA completion,
// vCPU ticks) rather than by a device.
inline constexpr uint32_t kEngineTarget = 0xFFFFFFFFu;

// Event: one scheduled happening. `a` and `b` are arguments whose meaning is
// fixed by (target, type).
struct Event {
  SimTime time_ns = 0;
  uint64_t seq = 0;
  uint32_t target = kEngineTarget;
  uint32_t type = 0;
  uint64_t a = 0;
  uint64_t b = 0;
};

// EventQueue: a bounded binary min-heap of Events. Value type; copying copies
// the agenda. Thread-compatible.
class EventQueue {
 public:
  // REQUIRES: capacity > 0.
  explicit EventQueue(size_t capacity);

  // Schedules an event and returns its seq, or returns false from `ok` (and
  // schedules nothing) when the queue already holds `capacity` events.
  uint64_t Push(SimTime time_ns, uint32_t target, uint32_t type, uint64_t a, uint64_t b,
                bool& ok);

  bool empty() const { return heap_.empty(); }
  size_t size() const { return heap_.size(); }
  size_t capacity() const { return capacity_; }

  // The earliest event. REQUIRES: !empty().
  const Event& Top() const;

  // Removes and returns the earliest event. REQUIRES: !empty().
  Event Pop();

  // A digest of the pending events that does not depend on the heap's layout:
  // two queues holding the same events have the same digest.
  uint64_t Digest() const;

 private:
  std::vector<Event> heap_;
  size_t capacity_;
  uint64_t next_seq_ = 0;
};

}  // namespace migsim

#endif  // MIGSIM_SIM_EVENT_QUEUE_H_
