// File: sim/event_queue.cc
#include "sim/event_queue.h"

#include <algorithm>

#include "sim/check.h"
#include "sim/hash.h"

namespace migsim {
namespace {

// std::push_heap builds a max-heap, so "greater" puts the earliest on top.
bool Later(const Event& x, const Event& y) {
  if (x.time_ns != y.time_ns) return x.time_ns > y.time_ns;
  return x.seq > y.seq;
}

}  // namespace

EventQueue::EventQueue(size_t capacity) : capacity_(capacity) {
  MIGSIM_CHECK(capacity > 0);
}

uint64_t EventQueue::Push(SimTime time_ns, uint32_t target, uint32_t type, uint64_t a,
                          uint64_t b, bool& ok) {
  ok = heap_.size() < capacity_;
  if (!ok) return 0;
  const uint64_t seq = next_seq_++;
  heap_.push_back(Event{time_ns, seq, target, type, a, b});
  std::push_heap(heap_.begin(), heap_.end(), Later);
  return seq;
}

const Event& EventQueue::Top() const {
  MIGSIM_CHECK(!heap_.empty());
  return heap_.front();
}

Event EventQueue::Pop() {
  MIGSIM_CHECK(!heap_.empty());
  std::pop_heap(heap_.begin(), heap_.end(), Later);
  const Event event = heap_.back();
  heap_.pop_back();
  return event;
}

uint64_t EventQueue::Digest() const {
  // A sum of per-event mixes is independent of the heap's internal order.
  uint64_t sum = 0;
  for (const Event& e : heap_) {
    uint64_t h = HashCombine(e.time_ns, e.seq);
    h = HashCombine(h, (uint64_t{e.target} << 32) | e.type);
    h = HashCombine(h, e.a);
    sum += HashCombine(h, e.b);
  }
  return HashCombine(sum, next_seq_);
}

}  // namespace migsim
